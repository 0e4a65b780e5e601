// "A day passes": seeded mutations of the company, as an HR team makes them. Each day moves the business date,
// then updates a share of people (title, department, manager, site, phone, promotion to manager), hires,
// terminates, rehires, hard-deletes and changes emails. Changes are written as effective-dated rows dated today
// (a few back-dated, which incremental readers must catch with a lookback), so the tables stay consistent with
// the current values. The same seed and the same sequence of calls give the same company.

import { addDays, bobTimestamp, dateToEpoch } from "./dates.js";
import {
  currentEmployment,
  currentRow,
  currentSalary,
  currentWork,
  employmentRow,
  insertRow,
  isActive,
  lifecycleRow,
  lifecycleStatus,
  rowIdFor,
  salaryRow,
  workRow,
} from "./employee.js";
import { addEmployee } from "./generator.js";
import { changeTimeOffRequest, openRequestsBefore, requestLifecycle, sortTimeOff } from "./timeoff-events.js";
import { newEmployeeId, pickName, randomPhone, uniqueEmail } from "./identity.js";
import type { Company, Employee, RowMeta, WorkRow } from "./model.js";
import { orgIndex } from "./org.js";
import type { Random } from "./prng.js";
import { at, createRandom } from "./prng.js";
import { lowerBound } from "./tables.js";
import { siteById } from "./view.js";
import { LOCALES } from "./names.js";
import { DEPARTMENTS, SITES, titleId } from "./vocabulary.js";

export interface DayOptions {
  /** Days to pass (default 1); the counts below apply to each day. */
  days?: number;
  /** People whose title, department, manager, site or phone change, or who become managers. Default 1% of active. */
  updates?: number;
  /** Default 0.2% of the company (at least 1). */
  hires?: number;
  /** Default 0.1% of the company (at least 1 when there are 3+ employees). */
  terminations?: number;
  /** Terminated people hired again. Default 0.02% of the company. */
  rehires?: number;
  /** Hard deletes (a person vanishes with no trace, as a mistaken record does). Default 0. */
  deletions?: number;
  /** Default 0.05% of the company. */
  emailChanges?: number;
  /** New time-off requests. Default 0.3% of active people. */
  timeOffRequests?: number;
  /** Requests made on earlier days canceled or deleted today. Default 30% of the day's new requests. */
  timeOffCancellations?: number;
}

export interface DaySummary {
  today: string;
  updated: { id: string; change: UpdateKind }[];
  hired: string[];
  terminated: string[];
  rehired: string[];
  deleted: string[];
  emailChanged: { id: string; from: string; to: string }[];
  timeOffChanges: number;
}

export type UpdateKind = "title" | "department" | "manager" | "site" | "phone" | "promotedToManager";

function meta(
  company: Company,
  rows: readonly { id: number }[],
  date: string,
  reason: string | null,
): RowMeta {
  return {
    id: rowIdFor(rows, date),
    effectiveDate: date,
    modificationDate: company.today,
    creationDate: company.today,
    reason,
    changedById: company.adminId,
  };
}

/** Most changes take effect today; one in ten is back-dated a few days, as HR often enters changes late. */
function effectiveDate(company: Company, rng: Random): string {
  return rng.chance(0.1) ? addDays(company.today, -rng.int(1, 5)) : company.today;
}

function addWorkRow(
  company: Company,
  e: Employee,
  date: string,
  patch: Partial<WorkRow>,
  change: string,
): void {
  const base = currentRow(e.work, date);
  insertRow(
    e.work,
    workRow(meta(company, e.work, date, null), {
      title: patch.title !== undefined ? patch.title : base.title,
      department: patch.department !== undefined ? patch.department : base.department,
      siteId: patch.siteId ?? base.siteId,
      managerId: patch.managerId !== undefined ? patch.managerId : base.managerId,
      workChangeType: change,
      arrangement: base.arrangement,
    }),
  );
}

function activeEmployees(company: Company): Employee[] {
  return company.employees.filter((e) => isActive(e, company.today));
}

/** Someone who can take reports: active, and not on the way out (a scheduled termination). */
function canManage(company: Company, m: Employee): boolean {
  return m.terminationDate === null && isActive(m, company.today);
}

/** A random item passing `accept`, found by sampling (a full scan per change would be quadratic at 100k). */
function sample<T>(
  items: readonly T[],
  rng: Random,
  accept: (item: T) => boolean,
  tries = 50,
): T | undefined {
  if (items.length === 0) return undefined;
  for (let k = 0; k < tries; k++) {
    const item = rng.pick(items);
    if (accept(item)) return item;
  }
  return items.find(accept);
}

/** Would making `managerId` the manager of `e` close a loop in the org chart? */
function createsCycle(company: Company, e: Employee, managerId: string): boolean {
  let cursor: string | null = managerId;
  for (let steps = 0; cursor !== null && steps < company.employees.length + 1; steps++) {
    if (cursor === e.id) return true;
    const next = company.byId.get(cursor);
    cursor = next === undefined ? null : currentWork(next, company.today).managerId;
  }
  return false;
}

function departmentOf(company: Company, e: Employee): (typeof DEPARTMENTS)[number] | undefined {
  const id = currentWork(e, company.today).department;
  return DEPARTMENTS.find((d) => d.id === id);
}

/**
 * Moves the reports of `e` to `e`'s own manager from `date` on (before `e` leaves or is deleted). Rows dated after
 * `date` that still name `e` (a hire's future first row, a scheduled move) are corrected in place.
 */
function reassignReports(company: Company, e: Employee, date: string): void {
  // The manager above `e` on that date, skipping anyone who is leaving too.
  let newManager = currentRow(e.work, date).managerId;
  for (let steps = 0; newManager !== null && steps < company.employees.length; steps++) {
    const candidate = company.byId.get(newManager);
    if (candidate?.terminationDate === null) break;
    newManager = candidate === undefined ? null : currentRow(candidate.work, date).managerId;
  }
  for (const other of company.employees) {
    if (other === e || lifecycleStatus(other, company.today) === "terminated") continue;
    const atDate = currentRow(other.work, date);
    for (const row of other.work) {
      if (row.effectiveDate > date && row.managerId === e.id) {
        row.managerId = newManager;
        row.modificationDate = company.today;
      }
    }
    if (atDate.managerId === e.id) {
      if (atDate.effectiveDate >= date) {
        atDate.managerId = newManager;
        atDate.modificationDate = company.today;
      } else addWorkRow(company, other, date, { managerId: newManager }, "Reorganization");
    }
  }
}

export function updateEmployee(
  company: Company,
  e: Employee,
  kind: UpdateKind,
  rng: Random,
  active: readonly Employee[] = activeEmployees(company),
): boolean {
  const date = effectiveDate(company, rng);
  const work = currentWork(e, company.today);
  const dept = departmentOf(company, e);
  switch (kind) {
    case "title": {
      if (dept === undefined || work.title === null) return false;
      const ladder = dept.managers.some((t) => titleId(t) === work.title) ? dept.managers : dept.ics;
      const step = ladder.findIndex((t) => titleId(t) === work.title);
      const next = ladder[step + 1] ?? rng.pick(dept.ics);
      if (titleId(next) === work.title) return false;
      addWorkRow(
        company,
        e,
        date,
        { title: titleId(next) },
        step >= 0 && ladder[step + 1] !== undefined ? "Promotion" : "Other",
      );
      return true;
    }
    case "department": {
      const other = rng.pick(DEPARTMENTS.filter((d) => d.id !== work.department));
      addWorkRow(company, e, date, { department: other.id }, "Lateral Move");
      return true;
    }
    case "manager": {
      if (work.managerId === null) return false;
      const manager = sample(
        active,
        rng,
        (m) => m !== e && m.id !== work.managerId && canManage(company, m) && !createsCycle(company, e, m.id),
      );
      if (manager === undefined) return false;
      addWorkRow(company, e, date, { managerId: manager.id }, "Reorganization");
      return true;
    }
    case "site": {
      const other = rng.pick(SITES.filter((s) => s.id !== work.siteId));
      addWorkRow(company, e, date, { siteId: other.id }, "Relocation");
      return true;
    }
    case "phone": {
      const site = siteById(work.siteId) ?? at(SITES, 0);
      e.mobilePhone = rng.chance(0.1) ? null : randomPhone(site, rng);
      return true;
    }
    case "promotedToManager": {
      if (dept === undefined || work.managerId === null || !canManage(company, e)) return false;
      if ((orgIndex(company).directReports.get(e.id) ?? 0) > 0) return false;
      const peers = active.filter(
        (p) => p !== e && currentWork(p, company.today).managerId === work.managerId,
      );
      if (peers.length === 0) return false;
      addWorkRow(company, e, date, { title: titleId(at(dept.managers, 0)) }, "Promotion");
      const moved = Math.min(peers.length, rng.int(1, 3));
      for (let k = 0; k < moved; k++) {
        const peer = peers.splice(rng.int(0, peers.length - 1), 1)[0];
        if (peer !== undefined) addWorkRow(company, peer, date, { managerId: e.id }, "Reorganization");
      }
      company.version++;
      return true;
    }
  }
}

export interface HireInput {
  firstName?: string;
  surname?: string;
  email?: string;
  startDate?: string;
  managerId?: string;
  department?: string;
  siteId?: number;
}

export function hireEmployee(company: Company, rng: Random, input: HireInput = {}): Employee {
  const manager =
    input.managerId !== undefined
      ? company.byId.get(input.managerId)
      : sample(company.employees, rng, (m) => canManage(company, m));
  const managerWork = manager === undefined ? undefined : currentWork(manager, company.today);
  const siteId =
    input.siteId ?? (managerWork !== undefined && rng.chance(0.75) ? managerWork.siteId : rng.pick(SITES).id);
  const site = siteById(siteId) ?? at(SITES, 0);
  const department = input.department ?? managerWork?.department ?? rng.pick(DEPARTMENTS).id;
  const dept = DEPARTMENTS.find((d) => d.id === department);
  const picked = pickName(site, rng);
  const name = {
    locale: picked.locale,
    firstName: input.firstName ?? picked.firstName,
    surname: input.surname ?? picked.surname,
  };
  const today = company.today;
  const startDate = input.startDate ?? (rng.chance(0.3) ? today : addDays(today, rng.int(7, 45)));
  const nowMs = dateToEpoch(today) + rng.int(8 * 3_600_000, 18 * 3_600_000);
  const id = newEmployeeId(company, rng);
  const employeeIdInCompany = company.nextEmployeeIdInCompany;
  const e: Employee = {
    index: company.nextIndex,
    id,
    employeeIdInCompany,
    email: input.email ?? uniqueEmail(company, name, `emp${employeeIdInCompany}`, rng),
    firstName: name.firstName,
    surname: name.surname,
    secondName: null,
    preferredName: null,
    creationDateTime: bobTimestamp(nowMs, rng.int(0, 999)),
    state: startDate > today ? "invited" : "active",
    locale: name.locale,
    mobilePhone: rng.chance(0.85) ? randomPhone(site, rng) : null,
    workPhone: null,
    workMobile: null,
    startDate,
    originalStartDate: startDate,
    terminationDate: null,
    terminationReason: null,
    terminationType: null,
    costCenter: null,
    learnerGroup: "262000101",
    inductionDate: null,
    work: [],
    employment: [],
    lifecycle: [],
    salaries: [],
  };
  if (startDate > today) {
    e.lifecycle.push(
      lifecycleRow(meta(company, e.lifecycle, today, null), {
        status: "hired",
        reasonType: null,
        leaveReason: null,
      }),
    );
  }
  insertRow(
    e.lifecycle,
    lifecycleRow(meta(company, e.lifecycle, startDate, null), {
      status: "employed",
      reasonType: null,
      leaveReason: null,
    }),
  );
  e.work.push(
    workRow(meta(company, e.work, startDate, null), {
      title: dept === undefined ? null : titleId(at(dept.ics, rng.int(0, dept.ics.length - 1))),
      department,
      siteId,
      managerId: manager?.id ?? null,
      workChangeType: "New Employee",
      arrangement: rng.pick(["onsite", "hybrid", "remote"]),
    }),
  );
  const fullHours = site.country === "FR" ? 35 : site.country === "GB" || site.country === "IE" ? 37.5 : 40;
  e.employment.push(
    employmentRow(meta(company, e.employment, startDate, null), {
      contract: "Full time",
      type: "Permanent",
      weeklyHours: fullHours,
      salaryPayType: "Salaried",
      flsaCode: site.country === "US" ? "Exempt" : null,
      calendarId: site.calendarId,
    }),
  );
  e.salaries.push(
    salaryRow(meta(company, e.salaries, startDate, null), {
      amount: Math.round((60_000 + rng.int(0, 60_000)) / 500) * 500,
      currency: site.currency,
      payPeriod: "Annual",
      payFrequency: site.country === "US" ? "Bi-Weekly" : "Monthly",
    }),
  );
  addEmployee(company, e);
  company.version++;
  return e;
}

export interface TerminateInput {
  date?: string;
  reason?: string;
  type?: "voluntary" | "involuntary" | "other";
}

export function terminateEmployee(company: Company, e: Employee, input: TerminateInput = {}): void {
  const date = input.date ?? company.today;
  reassignReports(company, e, date);
  insertRow(
    e.lifecycle,
    lifecycleRow(meta(company, e.lifecycle, date, null), {
      status: "terminated",
      reasonType: input.type ?? "voluntary",
      leaveReason: null,
    }),
  );
  e.terminationDate = date;
  e.terminationReason = input.reason ?? "resignation";
  e.terminationType = input.type ?? "voluntary";
  company.version++;
}

export type LeaveStatus = "leave" | "parental leave" | "garden leave";

export interface LeaveInput {
  /** Default "leave". */
  status?: LeaveStatus;
  /** When the leave starts (default today). */
  date?: string;
  /**
   * Bob's "remain active" on the leave flow, off unless ticked: without it the person is Inactive while away, and
   * a scope of "Everyone" (active people only) no longer shows them. Default false.
   */
  remainActive?: boolean;
  /** Back to employed (and active) on this date; none: open-ended. */
  returnDate?: string;
  /** Garden leave only: the last working day, after which the person turns Inactive (see `remainActive`). */
  lastWorkingDay?: string;
}

/**
 * Puts `e` on leave from `date`. Garden leave keeps the person active until the last working day when one is
 * given, then inactive; other leave is inactive from its start unless `remainActive`.
 */
export function startLeave(company: Company, e: Employee, input: LeaveInput = {}): void {
  const status = input.status ?? "leave";
  const date = input.date ?? company.today;
  const reason =
    status === "parental leave" ? "Parental" : status === "garden leave" ? "Garden leave" : "Personal";
  const add = (at: string, inactive: boolean): void => {
    insertRow(
      e.lifecycle,
      lifecycleRow(meta(company, e.lifecycle, at, null), {
        status,
        reasonType: null,
        leaveReason: reason,
        inactive,
      }),
    );
  };
  const inactive = input.remainActive !== true;
  if (status === "garden leave" && input.lastWorkingDay !== undefined && input.lastWorkingDay >= date) {
    add(date, false);
    add(addDays(input.lastWorkingDay, 1), inactive);
  } else {
    add(date, inactive);
  }
  if (input.returnDate !== undefined) {
    insertRow(
      e.lifecycle,
      lifecycleRow(meta(company, e.lifecycle, input.returnDate, null), {
        status: "employed",
        reasonType: null,
        leaveReason: null,
      }),
    );
  }
  company.version++;
}

export function rehireEmployee(company: Company, e: Employee, rng: Random, startDate?: string): void {
  const date = startDate ?? company.today;
  if (date > company.today) {
    insertRow(
      e.lifecycle,
      lifecycleRow(meta(company, e.lifecycle, company.today, null), {
        status: "hired",
        reasonType: null,
        leaveReason: null,
      }),
    );
  }
  insertRow(
    e.lifecycle,
    lifecycleRow(meta(company, e.lifecycle, date, null), {
      status: "employed",
      reasonType: null,
      leaveReason: null,
    }),
  );
  const manager =
    sample(company.employees, rng, (m) => m !== e && canManage(company, m) && !createsCycle(company, e, m.id))
      ?.id ?? null;
  // The new position is entered today even for a later start, so the old (maybe departed) manager never
  // shows again as current while the person waits to start.
  addWorkRow(company, e, company.today, { managerId: manager }, "Other");
  const employment = currentEmployment(e, company.today);
  insertRow(e.employment, employmentRow(meta(company, e.employment, date, null), { ...employment }));
  const salary = currentSalary(e, company.today);
  insertRow(e.salaries, salaryRow(meta(company, e.salaries, date, null), { ...salary }));
  e.startDate = date;
  e.terminationDate = null;
  e.terminationReason = null;
  e.terminationType = null;
  company.version++;
}

/** Removes an employee outright: no termination, no row, no trace (a hidden terminated person looks the same). */
export function deleteEmployee(company: Company, e: Employee): void {
  reassignReports(company, e, company.today);
  const position = lowerBound(company.employees, e.index);
  if (company.employees[position] === e) company.employees.splice(position, 1);
  company.byId.delete(e.id);
  company.byEmail.delete(e.email.toLowerCase());
  company.version++;
}

export function changeEmail(company: Company, e: Employee, rng: Random, email?: string): string {
  const from = e.email;
  let to = email;
  if (to === undefined) {
    // A surname change (marriage) or a new address format.
    if (rng.chance(0.5)) e.surname = rng.pick(at(LOCALES, e.locale).surnames);
    to = uniqueEmail(
      company,
      { locale: e.locale, firstName: e.firstName, surname: e.surname },
      `emp${e.employeeIdInCompany}`,
      rng,
    );
  }
  if (to.toLowerCase() !== from.toLowerCase() && company.byEmail.has(to.toLowerCase())) {
    throw new Error(`email ${to} is taken`);
  }
  company.byEmail.delete(from.toLowerCase());
  e.email = to;
  company.byEmail.set(to.toLowerCase(), e);
  company.version++;
  return to;
}

const UPDATE_KINDS: readonly (readonly [UpdateKind, number])[] = [
  ["title", 25],
  ["department", 10],
  ["manager", 20],
  ["site", 8],
  ["phone", 27],
  ["promotedToManager", 10],
];

function share(total: number, fraction: number, min: number): number {
  return total === 0 ? 0 : Math.max(min, Math.round(total * fraction));
}

function passOneDay(company: Company, options: DayOptions, summary: DaySummary): void {
  company.day++;
  company.today = addDays(company.today, 1);
  company.version++;
  const rng = createRandom(company.seed).fork(10_000 + company.day);
  const n = company.employees.length;
  const active = activeEmployees(company);

  const updates = options.updates ?? share(active.length, 0.01, 0);
  for (let k = 0; k < updates && active.length > 1; k++) {
    const e = rng.pick(active);
    const kind = rng.weighted(UPDATE_KINDS);
    if (updateEmployee(company, e, kind, rng, active)) summary.updated.push({ id: e.id, change: kind });
  }
  const hires = options.hires ?? share(n, 0.002, 1);
  for (let k = 0; k < hires; k++) summary.hired.push(hireEmployee(company, rng).id);

  const terminations = options.terminations ?? (n >= 3 ? share(n, 0.001, 1) : 0);
  for (let k = 0; k < terminations; k++) {
    const e = sample(
      active,
      rng,
      (c) =>
        isActive(c, company.today) &&
        c.terminationDate === null &&
        currentWork(c, company.today).managerId !== null,
    );
    if (e === undefined) break;
    const date = rng.chance(0.2) ? addDays(company.today, rng.int(1, 30)) : company.today;
    const voluntary = rng.chance(0.7);
    terminateEmployee(company, e, {
      date,
      reason: voluntary
        ? rng.pick(["resignation", "relocation", "retirement"])
        : rng.pick(["performance", "redundancy"]),
      type: voluntary ? "voluntary" : "involuntary",
    });
    summary.terminated.push(e.id);
  }
  const rehires = options.rehires ?? share(n, 0.0002, 0);
  const leavers =
    rehires > 0 ? company.employees.filter((e) => lifecycleStatus(e, company.today) === "terminated") : [];
  for (let k = 0; k < rehires; k++) {
    const e = sample(leavers, rng, (l) => lifecycleStatus(l, company.today) === "terminated");
    if (e === undefined) break;
    rehireEmployee(company, e, rng, rng.chance(0.5) ? company.today : addDays(company.today, rng.int(7, 30)));
    summary.rehired.push(e.id);
  }
  const deletions = options.deletions ?? 0;
  for (let k = 0; k < deletions; k++) {
    const candidates = company.employees.filter((e) => currentWork(e, company.today).managerId !== null);
    if (candidates.length === 0) break;
    // Mistaken records are mostly recent hires who never started.
    const notStarted = candidates.filter((e) => lifecycleStatus(e, company.today) === "hired");
    const e = rng.pick(notStarted.length > 0 && rng.chance(0.7) ? notStarted : candidates);
    deleteEmployee(company, e);
    summary.deleted.push(e.id);
  }
  const emailChanges = options.emailChanges ?? share(n, 0.0005, 0);
  for (let k = 0; k < emailChanges && company.employees.length > 0; k++) {
    const e = rng.pick(company.employees);
    const from = e.email;
    summary.emailChanged.push({ id: e.id, from, to: changeEmail(company, e, rng) });
  }
  const requests = options.timeOffRequests ?? share(active.length, 0.003, 0);
  const dayStart = dateToEpoch(company.today);
  for (let k = 0; k < requests && active.length > 0; k++) {
    const e = rng.pick(active);
    const changes = requestLifecycle(company, e, dayStart + rng.int(7 * 3_600_000, 19 * 3_600_000), rng);
    company.timeOff.push(...changes);
    summary.timeOffChanges += changes.length;
  }
  // Cancellations and deletions of requests made on earlier days: the change is today's, createdOn stays old.
  const cancellations = options.timeOffCancellations ?? share(requests, 0.3, 0);
  const open = cancellations > 0 ? openRequestsBefore(company, dayStart) : [];
  for (let k = 0; k < cancellations && open.length > 0; k++) {
    const [requestId] = open.splice(rng.int(0, open.length - 1), 1);
    const type = rng.chance(0.25) ? "Deleted" : "Canceled";
    const at = dayStart + rng.int(7 * 3_600_000, 19 * 3_600_000);
    if (requestId !== undefined && changeTimeOffRequest(company, requestId, type, at) !== undefined)
      summary.timeOffChanges += 1;
  }
  sortTimeOff(company.timeOff);
}

export function passDays(company: Company, options: DayOptions = {}): DaySummary {
  const days = options.days ?? 1;
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new RangeError("days must be an integer from 1 to 366");
  const summary: DaySummary = {
    today: company.today,
    updated: [],
    hired: [],
    terminated: [],
    rehired: [],
    deleted: [],
    emailChanged: [],
    timeOffChanges: 0,
  };
  for (let d = 0; d < days; d++) passOneDay(company, options, summary);
  summary.today = company.today;
  return summary;
}
