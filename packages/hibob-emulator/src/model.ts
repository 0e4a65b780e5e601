// The emulator's in-memory company. Kept compact on purpose: 100,000 employees must fit comfortably in memory,
// so values that never change (birthday, hobbies, address...) are derived on demand in profile.ts instead of stored,
// and current work/employment/lifecycle/salary values are read from the effective-dated rows, never duplicated.

export type LifecycleStatus =
  "hired" | "employed" | "leave" | "parental leave" | "garden leave" | "terminated";

export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = [
  "hired",
  "employed",
  "leave",
  "parental leave",
  "garden leave",
  "terminated",
];

/** Columns every effective-dated table row carries. */
export interface RowMeta {
  /** Unique per employee only; Bob's ids look like 1000020260906 (1e12 + yyyymmdd). */
  id: number;
  effectiveDate: string;
  modificationDate: string;
  creationDate: string | null;
  reason: string | null;
  /** Employee id of the HR admin who made the change (a string, like every Bob id). */
  changedById: string;
}

export interface WorkRow extends RowMeta {
  /** List item ids (lists `title`, `department`), null when unset. */
  title: string | null;
  department: string | null;
  siteId: number;
  managerId: string | null;
  workChangeType: string;
  /** Custom column `column_1667499229415` (Work arrangement), a list item id. */
  arrangement: string | null;
}

export interface EmploymentRow extends RowMeta {
  contract: string;
  type: string;
  weeklyHours: number;
  salaryPayType: string;
  flsaCode: string | null;
  calendarId: number;
}

export interface LifecycleRow extends RowMeta {
  status: LifecycleStatus;
  reasonType: string | null;
  leaveReason: string | null;
  /**
   * Leave that makes the person Inactive (`employeeStatus`, `internal.status`): Bob keeps people on leave active
   * only when "remain active" is ticked, and garden leave turns inactive after the last working day.
   */
  inactive: boolean;
}

export interface SalaryRow extends RowMeta {
  amount: number;
  currency: string;
  payPeriod: string;
  payFrequency: string;
}

export interface Employee {
  /** Creation ordinal: the stable order of search results and bulk cursors, and the seed of derived values. */
  index: number;
  /** 19-digit numeric string; beyond Number.MAX_SAFE_INTEGER, so never a number. */
  id: string;
  employeeIdInCompany: number;
  email: string;
  firstName: string;
  surname: string;
  secondName: string | null;
  /** A preferred name ("Kate" for Katherine) changes the display name; null when it is first + surname. */
  preferredName: string | null;
  /** `2024-03-27T09:12:25.002884`: no timezone, microseconds. */
  creationDateTime: string;
  state: "active" | "invited" | "uninvited";
  /** Locale of the name pools, which also drives the derived profile. */
  locale: number;
  mobilePhone: string | null;
  workPhone: string | null;
  workMobile: string | null;
  startDate: string;
  originalStartDate: string;
  terminationDate: string | null;
  terminationReason: string | null;
  terminationType: string | null;
  /** Custom fields: ids of list items or dates, null when unset. */
  costCenter: string | null;
  learnerGroup: string | null;
  inductionDate: string | null;
  /**
   * Effective-dated tables, sorted by effectiveDate (ties keep insertion order). Future-dated rows are stored
   * ahead (a hire's first working day, a leave's return, a scheduled termination) and take effect when the
   * business date reaches them, as Bob applies lifecycle changes at midnight of the effective date.
   */
  work: WorkRow[];
  employment: EmploymentRow[];
  lifecycle: LifecycleRow[];
  salaries: SalaryRow[];
}

export type TimeOffChangeType = "Created" | "Canceled" | "Deleted" | "Pending";

/** One change event of a time-off request: a snapshot at the time of the change. */
export interface TimeOffChange {
  changeType: TimeOffChangeType;
  requestId: number;
  originalRequestId: number;
  previousRequestId: number | null;
  employeeId: string;
  employeeEmail: string;
  employeeDisplayName: string;
  policy: number;
  /** Epoch ms the request was created, rendered as `createdOn` without timezone; a later change keeps it. */
  createdOnMs: number;
  /** Epoch ms of the change itself: what `since` and `to` filter on, and the order of `Company.timeOff`. */
  changedAtMs: number;
  startDate: string;
  endDate: string;
  days: number;
  halfDay: boolean;
  changeReason: string | null;
}

export interface Company {
  seed: number;
  companyId: number;
  domain: string;
  /** The business date, advanced by the admin API's "a day passes". */
  today: string;
  /** How many days have passed since generation; seeds each day's mutations. */
  day: number;
  /** Ordered by index. Hard deletes splice employees out. */
  employees: Employee[];
  byId: Map<string, Employee>;
  /** Keyed by lower-cased email. */
  byEmail: Map<string, Employee>;
  nextIndex: number;
  nextEmployeeIdInCompany: number;
  /** The HR admin recorded as `changedById` on rows. */
  adminId: string;
  /** Sorted by `changedAtMs`, then `requestId`. */
  timeOff: TimeOffChange[];
  nextRequestId: number;
  /** Bumped on every mutation, so derived indexes (org chart) know when to rebuild. */
  version: number;
}
