// src/shared holds small helpers both connectors and the runner use. It imports nothing from the rest of src, so
// sharing a helper never makes one connector depend on the other, nor any product code on the emulators.

/** A day in milliseconds: every date here is UTC, where a day has no daylight-saving hour to gain or lose. */
export const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a `YYYY-MM-DD` string naming a day that exists (not 2026-02-30, not 2026-13-01). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const at = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls an impossible day over into the next month: a date that exists comes back unchanged.
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

/** `date` (`YYYY-MM-DD`) plus `days`, negative going back; a RangeError when `date` is not a date. */
export function addDays(date: string, days: number): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(at)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return new Date(at + days * DAY_MS).toISOString().slice(0, 10);
}
