// Calendar arithmetic on Bob's strings. Everything is UTC: a local-time Date could shift a day or an hour.

import { isCalendarDate } from "../../shared/calendar-date.js";

/** Bob's timestamps: `2025-08-17T18:29:10.408597`, no time zone, up to microseconds. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Whether `value` is a timestamp in Bob's format with a real date and time. */
export function isBobTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (match?.[1] === undefined || !isCalendarDate(match[1])) return false;
  return Number(match[2]) < 24 && Number(match[3]) < 60 && Number(match[4]) < 60;
}

/** Adds calendar months the way Bob counts its 6-month limit: the day is clamped (Aug 31 + 6 months = Feb 28). */
export function addMonths(epochMs: number, months: number): number {
  const d = new Date(epochMs);
  const firstOfTarget = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const target = new Date(firstOfTarget);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return (
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay)) +
    (epochMs - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  );
}

export interface Window {
  readonly from: number;
  readonly to: number;
}

/**
 * Consecutive windows of at most `months` calendar months covering [from, to], counted forward from `from` so
 * that no window is longer than Bob allows. Empty when `from` is not before `to`.
 */
export function monthWindows(from: number, to: number, months: number): Window[] {
  const windows: Window[] = [];
  for (let start = from; start < to;) {
    const end = Math.min(addMonths(start, months), to);
    windows.push({ from: start, to: end });
    start = end;
  }
  return windows;
}

/** The later of two sortable strings; undefined and null lose. */
export function later<T extends string>(a: T | null | undefined, b: T | null | undefined): T | undefined {
  if (a === null || a === undefined) return b ?? undefined;
  if (b === null || b === undefined) return a;
  return a >= b ? a : b;
}
