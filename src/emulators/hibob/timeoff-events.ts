// Generated time-off change events: requests created, some pending first, some edited (a new
// request id linked by previousRequestId), canceled or deleted.

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
  changes.sort((a, b) => a.createdOnMs - b.createdOnMs || a.requestId - b.requestId);
  return changes;
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
    startDate,
    endDate: addDays(startDate, days - 1),
    days,
    halfDay: days === 1 && rng.chance(0.2),
    changeReason: null,
  };
  const hour = 3_600_000;
  const nowLimit = dateToEpoch(company.today) + 24 * hour - 1;
  if (rng.chance(0.06)) out.push(timeOffChange(base, { changeType: "Pending" }));
  out.push(
    timeOffChange(base, { createdOnMs: out.length > 0 ? createdOnMs + rng.int(1, 48) * hour : createdOnMs }),
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
        startDate: addDays(startDate, shift),
        endDate: addDays(base.endDate, shift),
        changeReason: "Dates changed",
      }),
    );
  } else if (roll < 0.14) {
    out.push(
      timeOffChange(base, { changeType: "Canceled", createdOnMs: later, changeReason: "Plans changed" }),
    );
  } else if (roll < 0.17) {
    out.push(timeOffChange(base, { changeType: "Deleted", createdOnMs: later }));
  }
  return out;
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
    startDate: o.startDate ?? c.startDate,
    endDate: o.endDate ?? c.endDate,
    days: o.days ?? c.days,
    halfDay: o.halfDay ?? c.halfDay,
    changeReason: o.changeReason ?? c.changeReason,
  };
}
