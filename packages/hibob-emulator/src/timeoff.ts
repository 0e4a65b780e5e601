// GET /timeoff/requests/changes: `since` required, the window at most 6 months, no pagination,
// each item a snapshot at change time with an int requestId and a timezone-less `createdOn`. The window is on
// when the change happened; `createdOn` is when the request was created, so a cancellation made today of a
// request created weeks ago is in today's window with the old createdOn.

import { addMonthsToEpoch, bobTimestamp, dateToEpoch } from "./dates.js";
import type { Company, TimeOffChange } from "./model.js";
import type { Json } from "./view.js";
import { TIME_OFF_POLICIES } from "./vocabulary.js";

const DAY_MS = 86_400_000;

/** The business clock: the business date with the wall clock's time of day. */
export function businessNowMs(company: Company, nowMs: number): number {
  return dateToEpoch(company.today) + (((nowMs % DAY_MS) + DAY_MS) % DAY_MS);
}

/** ISO 8601 with or without offset; a timestamp without one is read as UTC. */
export function parseInstant(raw: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/.test(raw)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) && raw.length > 10;
  const ms = Date.parse(raw.length > 10 && !hasZone ? `${raw}Z` : raw);
  return Number.isNaN(ms) ? undefined : ms;
}

export type Window = { ok: true; from: number; to: number } | { ok: false; error: string };

export function timeOffWindow(since: string | null, to: string | null, nowMs: number): Window {
  if (since === null || since === "") return { ok: false, error: "since is required" };
  const from = parseInstant(since);
  if (from === undefined) return { ok: false, error: `since is not an ISO 8601 date-time: ${since}` };
  let end = nowMs;
  if (to !== null && to !== "") {
    const parsed = parseInstant(to);
    if (parsed === undefined) return { ok: false, error: `to is not an ISO 8601 date-time: ${to}` };
    end = parsed;
    if (end <= from) return { ok: false, error: "to must be later than since" };
  }
  if (end > addMonthsToEpoch(from, 6)) {
    return { ok: false, error: "The date range between since and to cannot exceed 6 months" };
  }
  return { ok: true, from, to: end };
}

function firstAtOrAfter(changes: readonly TimeOffChange[], ms: number): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((changes[mid]?.changedAtMs ?? Infinity) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function renderChange(c: TimeOffChange): Record<string, Json> {
  const portion = c.halfDay ? "morning" : "all_day";
  return {
    changeType: c.changeType,
    employeeId: c.employeeId,
    employeeDisplayName: c.employeeDisplayName,
    employeeEmail: c.employeeEmail,
    requestId: c.requestId,
    policyTypeDisplayName: TIME_OFF_POLICIES[c.policy] ?? "Holiday",
    type: "days",
    createdOn: bobTimestamp(c.createdOnMs, (c.requestId * 7919) % 1000),
    startDate: c.startDate,
    startPortion: portion,
    endDate: c.endDate,
    endPortion: portion,
    durationUnit: "days",
    totalDuration: c.halfDay ? 0.5 : c.days,
    totalCost: c.halfDay ? 0.5 : c.days,
    changeReason: c.changeReason,
    originalRequestId: c.originalRequestId,
    previousRequestId: c.previousRequestId,
    visibility: "Public",
  };
}

/** Changes made in [from, to], filtered by who the service user may see. */
export function changesBetween(
  company: Company,
  from: number,
  to: number,
  includePending: boolean,
  visible: (employeeId: string) => boolean,
): TimeOffChange[] {
  const out: TimeOffChange[] = [];
  for (let i = firstAtOrAfter(company.timeOff, from); i < company.timeOff.length; i++) {
    const c = company.timeOff[i];
    if (c === undefined || c.changedAtMs > to) break;
    if (c.changeType === "Pending" && !includePending) continue;
    if (visible(c.employeeId)) out.push(c);
  }
  return out;
}
