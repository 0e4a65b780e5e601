// Employee tables: rendering effective-dated rows, per employee and in bulk with an opaque cursor.
// Rows are bare (no extra `values` wrapper), ids are unique per employee only, dates are date-only strings,
// and a page holds `limit` rows, so one employee's rows may span pages (keyed by (employeeId, id) downstream).

import { WORK_COLUMN } from "./custom.js";
import { humanDate } from "./dates.js";
import { currentRow, displayName, rowAccessStatus } from "./employee.js";
import { employeeRef } from "./fields.js";
import type { Company, Employee, EmploymentRow, LifecycleRow, RowMeta, SalaryRow, WorkRow } from "./model.js";
import { listLabel } from "./named-lists.js";
import { at } from "./prng.js";
import type { Json } from "./view.js";
import { siteById } from "./view.js";
import { CALENDARS } from "./vocabulary.js";

export const TABLES = ["work", "employment", "lifecycle", "salaries"] as const;
export type TableName = (typeof TABLES)[number];

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

function rowsOf(e: Employee, table: TableName): readonly RowMeta[] {
  switch (table) {
    case "work":
      return e.work;
    case "employment":
      return e.employment;
    case "lifecycle":
      return e.lifecycle;
    case "salaries":
      return e.salaries;
  }
}

/** The rows a service user sees: all of them with the section-history permission, else only the current one. */
export function visibleRows(
  e: Employee,
  table: TableName,
  today: string,
  withHistory: boolean,
): readonly RowMeta[] {
  const rows = rowsOf(e, table);
  return withHistory || rows.length === 0 ? rows : [currentRow(rows, today)];
}

const CAPITALISED: Record<string, string> = {
  hired: "Hired",
  employed: "Employed",
  leave: "Leave",
  "parental leave": "Parental leave",
  "garden leave": "Garden leave",
  terminated: "Terminated",
};

function pattern(hoursPerDay: number): Json {
  return {
    workingPatternType: "hourly",
    days: {
      sunday: 0,
      monday: hoursPerDay,
      tuesday: hoursPerDay,
      wednesday: hoursPerDay,
      thursday: hoursPerDay,
      friday: hoursPerDay,
      saturday: 0,
    },
    hoursPerDay,
    workingPatternId: 0,
  };
}

function label(listId: string, id: string | null): Json {
  return id === null ? null : (listLabel(listId, id) ?? id);
}

function human(values: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? humanDate(value) : value;
  }
  return out;
}

/** One row as Bob returns it: common columns, table columns, and optionally a humanReadable copy. */
export function renderRow(
  company: Company,
  e: Employee,
  table: TableName,
  row: RowMeta,
  withHuman: boolean,
): Record<string, Json> {
  const allRows = rowsOf(e, table);
  const position = allRows.indexOf(row);
  const next = position >= 0 ? allRows[position + 1] : undefined;
  const current = currentRow(allRows, company.today);
  const admin = company.byId.get(row.changedById);
  const common: Record<string, Json> = {
    id: row.id,
    effectiveDate: row.effectiveDate,
    endEffectiveDate: next === undefined ? null : next.effectiveDate,
    activeEffectiveDate: row.effectiveDate,
    isCurrent: row === current,
    creationDate: row.creationDate,
    modificationDate: row.modificationDate,
    change: {
      reason: row.reason,
      changedBy: admin === undefined ? null : displayName(admin),
      changedById: row.changedById,
    },
    canBeDeleted: position > 0,
  };
  let columns: Record<string, Json>;
  let humanColumns: Record<string, Json>;
  switch (table) {
    case "work": {
      const r = row as WorkRow;
      const manager = r.managerId === null ? undefined : company.byId.get(r.managerId);
      const site = siteById(r.siteId);
      columns = {
        title: r.title,
        department: r.department,
        site: site?.name ?? null,
        siteId: r.siteId,
        reportsTo: employeeRef(manager),
        workChangeType: r.workChangeType,
        customColumns: { [WORK_COLUMN.id]: r.arrangement },
      };
      humanColumns = {
        title: label("title", r.title),
        department: label("department", r.department),
        site: site?.name ?? null,
        reportsTo: manager === undefined ? null : displayName(manager),
        workChangeType: label("workChangeType", r.workChangeType),
        [WORK_COLUMN.id]: label(WORK_COLUMN.listId, r.arrangement),
      };
      break;
    }
    case "employment": {
      const r = row as EmploymentRow;
      const hoursPerDay = r.weeklyHours / 5;
      const calendarName = CALENDARS.find(([id]) => id === String(r.calendarId))?.[1] ?? null;
      columns = {
        contract: r.contract,
        type: r.type,
        salaryPayType: r.salaryPayType,
        flsaCode: r.flsaCode,
        calendarId: r.calendarId,
        calendarName,
        weeklyHours: r.weeklyHours,
        fte: Math.round((r.weeklyHours / 40) * 1000) / 10,
        hoursInDayNotWorked: 0,
        personalWorkingPatternType: null,
        workingPattern: null,
        standardWorkingPattern: null,
        standardWorkingPatternId: null,
        siteWorkingPattern: pattern(8),
        actualWorkingPattern: pattern(hoursPerDay),
        customColumns: {},
      };
      humanColumns = {
        contract: r.contract,
        type: r.type,
        salaryPayType: r.salaryPayType,
        calendarId: calendarName,
      };
      break;
    }
    case "lifecycle": {
      const r = row as LifecycleRow;
      const status = CAPITALISED[r.status] ?? r.status;
      columns = {
        status,
        employeeStatus: rowAccessStatus(r),
        reasonType: r.reasonType,
        leaveReason: r.leaveReason,
        customColumns: {},
      };
      humanColumns = {
        status,
        employeeStatus: rowAccessStatus(r),
        reasonType: label("lifecycleReasonType", r.reasonType),
      };
      break;
    }
    case "salaries": {
      const r = row as SalaryRow;
      columns = {
        base: { value: r.amount, currency: r.currency },
        payPeriod: r.payPeriod,
        payFrequency: r.payFrequency,
        customColumns: {},
      };
      humanColumns = {
        base: `${r.amount} ${r.currency}`,
        payPeriod: r.payPeriod,
        payFrequency: r.payFrequency,
      };
      break;
    }
  }
  const out: Record<string, Json> = { ...common, ...columns };
  if (withHuman) {
    out.humanReadable = human({
      effectiveDate: row.effectiveDate,
      endEffectiveDate: common.endEffectiveDate ?? null,
      modificationDate: row.modificationDate,
      ...humanColumns,
    });
  }
  return out;
}

// ---- bulk pagination ----

export interface BulkCursor {
  /** Employee index to resume at (employees are kept in index order). */
  i: number;
  /** Row offset within that employee's visible rows. */
  o: number;
  /** Which table and which employee filter the cursor belongs to. */
  t: string;
  f: string;
}

export function encodeCursor(cursor: BulkCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(raw: string): BulkCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const c = parsed as Record<string, unknown>;
    if (
      typeof c.i === "number" &&
      Number.isInteger(c.i) &&
      typeof c.o === "number" &&
      Number.isInteger(c.o) &&
      c.o >= 0 &&
      typeof c.t === "string" &&
      typeof c.f === "string"
    ) {
      return { i: c.i, o: c.o, t: c.t, f: c.f };
    }
  } catch {
    // fall through: not a cursor this emulator issued
  }
  return undefined;
}

/** First position in `employees` (sorted by index) whose index is >= `index`. */
export function lowerBound(employees: readonly Employee[], index: number): number {
  let lo = 0;
  let hi = employees.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(employees, mid).index < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface BulkPage {
  results: { employeeId: string; values: Record<string, Json>[] }[];
  next: BulkCursor | null;
}

/**
 * One page of `limit` rows from `start`, over the employees that `include` accepts, grouping consecutive rows of
 * one employee into one result.
 */
export function bulkPage(
  company: Company,
  table: TableName,
  start: BulkCursor,
  limit: number,
  include: (e: Employee) => boolean,
  withHistory: boolean,
): BulkPage {
  const results: BulkPage["results"] = [];
  let taken = 0;
  let offset = start.o;
  const employees = company.employees;
  let position = lowerBound(employees, start.i);
  if (position < employees.length && at(employees, position).index !== start.i) offset = 0;
  for (; position < employees.length; position++) {
    const e = at(employees, position);
    if (!include(e)) {
      offset = 0;
      continue;
    }
    const rows = visibleRows(e, table, company.today, withHistory);
    if (offset >= rows.length) {
      offset = 0;
      continue;
    }
    if (taken === limit) return { results, next: { ...start, i: e.index, o: offset } };
    const values: Record<string, Json>[] = [];
    while (offset < rows.length && taken < limit) {
      values.push(renderRow(company, e, table, at(rows, offset), false));
      offset++;
      taken++;
    }
    results.push({ employeeId: e.id, values });
    if (offset < rows.length) return { results, next: { ...start, i: e.index, o: offset } };
    offset = 0;
  }
  return { results, next: null };
}
