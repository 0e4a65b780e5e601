// Generated time-off change events: requests created, some pending first, some edited (a new
// request id linked by previousRequestId), canceled or deleted. Each event is stamped twice, as in Bob: when the
// change happened (`changedAtMs`, what since/to filter on) and when the request was created (`createdOn`, which an
// approval, cancellation or deletion keeps; an edit creates a new request, so it has its own).

import { addDays, dateToEpoch } from "./dates.js";
import type { Company, Employee, TimeOffChange } from "./model.js";
import type { Random } from "./prng.js";

/** About one time-off change per employee over the last ~7 months, a little more than one 6-month window. */
export function generateTimeOff(company: Company, rng: Random): TimeOffChange[] {
  const changes: TimeOffChange[] = [];
  const todayMs = dateToEpoch(company.today);
  for (const e of company.employees) {
    const requests = rng.weighted([
      [0, 35],
      [1, 40],
      [2, 20],
      [3, 5],
    ] as const);
    for (let k = 0; k < requests; k++) {
      const createdOnMs = todayMs - rng.int(0, 210) * 86_400_000 + rng.int(6 * 3_600_000, 20 * 3_600_000);
      const stamp = new Date(createdOnMs).toISOString().slice(0, 10);
      if (stamp < e.startDate || (e.terminationDate !== null && stamp > e.terminationDate)) continue;
      changes.push(...requestLifecycle(company, e, createdOnMs, rng));
    }
  }
  sortTimeOff(changes);
  return changes;
}

/** The order `Company.timeOff` keeps: by change time, then request id. */
export function sortTimeOff(changes: TimeOffChange[]): void {
  changes.sort((a, b) => a.changedAtMs - b.changedAtMs || a.requestId - b.requestId);
}

/** One request's change events: created (maybe pending first), then maybe edited (new id), canceled or deleted. */
export function requestLifecycle(
  company: Company,
  e: Employee,
  createdOnMs: number,
  rng: Random,
): TimeOffChange[] {
  const out: TimeOffChange[] = [];
  const requestId = company.nextRequestId++;
  const policy = rng.weighted([
    [0, 60],
    [1, 20],
    [2, 3],
    [3, 14],
    [4, 3],
  ] as const);
  const startDate = addDays(new Date(createdOnMs).toISOString().slice(0, 10), rng.int(1, 60));
  const days = policy === 2 ? rng.int(20, 90) : rng.int(1, 10);
  const base: TimeOffChange = {
    changeType: "Created",
    requestId,
    originalRequestId: requestId,
    previousRequestId: null,
    employeeId: e.id,
    employeeEmail: e.email,
    employeeDisplayName: `${e.preferredName ?? e.firstName} ${e.surname}`,
    policy,
    createdOnMs,
    changedAtMs: createdOnMs,
    startDate,
    endDate: addDays(startDate, days - 1),
    days,
    halfDay: days === 1 && rng.chance(0.2),
    changeReason: null,
  };
  const hour = 3_600_000;
  const nowLimit = dateToEpoch(company.today) + 24 * hour - 1;
  if (rng.chance(0.06)) out.push(timeOffChange(base, { changeType: "Pending" }));
  // An approval of a pending request is a change made later; the request keeps its createdOn.
  out.push(
    timeOffChange(base, { changedAtMs: out.length > 0 ? createdOnMs + rng.int(1, 48) * hour : createdOnMs }),
  );
  const roll = rng.next();
  const later = createdOnMs + rng.int(49, 24 * 20) * hour;
  if (later > nowLimit) return out;
  if (roll < 0.06) {
    // Editing dates creates a new request id linked through previousRequestId.
    const newId = company.nextRequestId++;
    const shift = rng.int(-3, 7);
    out.push(
      timeOffChange(base, {
        requestId: newId,
        previousRequestId: requestId,
        createdOnMs: later,
        changedAtMs: later,
        startDate: addDays(startDate, shift),
        endDate: addDays(base.endDate, shift),
        changeReason: "Dates changed",
      }),
    );
  } else if (roll < 0.14) {
    out.push(
      timeOffChange(base, { changeType: "Canceled", changedAtMs: later, changeReason: "Plans changed" }),
    );
  } else if (roll < 0.17) {
    out.push(timeOffChange(base, { changeType: "Deleted", changedAtMs: later }));
  }
  return out;
}

export type LaterChangeType = "Canceled" | "Deleted";

/**
 * A request's later change (a cancellation or deletion) made at `atMs`: a snapshot of its last change with the
 * new type and change time, keeping the request's createdOn. Kept in order in `company.timeOff`. Undefined when
 * no such request exists or it is already canceled or deleted.
 */
export function changeTimeOffRequest(
  company: Company,
  requestId: number,
  changeType: LaterChangeType,
  atMs: number,
): TimeOffChange | undefined {
  let last: TimeOffChange | undefined;
  for (const c of company.timeOff) {
    if (c.requestId !== requestId) continue;
    if (c.changeType === "Canceled" || c.changeType === "Deleted") return undefined;
    last = c;
  }
  if (last === undefined) return undefined;
  const change = timeOffChange(last, {
    changeType,
    changedAtMs: atMs,
    ...(changeType === "Canceled" ? { changeReason: "Plans changed" } : {}),
  });
  company.timeOff.push(change);
  sortTimeOff(company.timeOff);
  company.version++;
  return change;
}

/** Requests whose last change is a granted `Created` before `beforeMs`: what a day's cancellations pick from. */
export function openRequestsBefore(company: Company, beforeMs: number): number[] {
  const open = new Map<number, boolean>();
  for (const c of company.timeOff) {
    if (c.changedAtMs >= beforeMs) break;
    open.set(c.requestId, c.changeType === "Created");
    // An edit replaced the earlier request with this one.
    if (c.previousRequestId !== null) open.set(c.previousRequestId, false);
  }
  return [...open].flatMap(([id, isOpen]) => (isOpen ? [id] : []));
}

/** Copies a change with overrides, from one literal so every change shares a hidden class (see workRow). */
function timeOffChange(c: TimeOffChange, o: Partial<TimeOffChange>): TimeOffChange {
  return {
    changeType: o.changeType ?? c.changeType,
    requestId: o.requestId ?? c.requestId,
    originalRequestId: o.originalRequestId ?? c.originalRequestId,
    previousRequestId: o.previousRequestId ?? c.previousRequestId,
    employeeId: o.employeeId ?? c.employeeId,
    employeeEmail: o.employeeEmail ?? c.employeeEmail,
    employeeDisplayName: o.employeeDisplayName ?? c.employeeDisplayName,
    policy: o.policy ?? c.policy,
    createdOnMs: o.createdOnMs ?? c.createdOnMs,
    changedAtMs: o.changedAtMs ?? c.changedAtMs,
    startDate: o.startDate ?? c.startDate,
    endDate: o.endDate ?? c.endDate,
    days: o.days ?? c.days,
    halfDay: o.halfDay ?? c.halfDay,
    changeReason: o.changeReason ?? c.changeReason,
  };
}
