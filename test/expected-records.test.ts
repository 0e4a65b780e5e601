// integration_tests/source-hibob/expected_records.jsonl is written by the source itself (`npm run
// acceptance-files`), so the acceptance suite comparing a read with it only says the source still agrees with
// itself. Here every record in the file is checked against the HiBob emulator's own company, generated from the
// same seed, size and business date: the employees, their effective-dated rows, the named lists, the field
// catalogue and the time-off changes, read from the model without any of the source's code.
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { currentRow } from "@hibob-learners/hibob-emulator";
import { FIELDS } from "@hibob-learners/hibob-emulator";
import { generateCompany, type Company, type Employee } from "@hibob-learners/hibob-emulator";
import type { LifecycleRow, RowMeta } from "@hibob-learners/hibob-emulator";
import { allNamedLists, listLabel, type ListItem } from "@hibob-learners/hibob-emulator";
import { SITES, TIME_OFF_POLICIES } from "@hibob-learners/hibob-emulator";
import { ACCEPTANCE_COMPANY, acceptancePath, loadAcceptanceConfig } from "./helpers/acceptance.js";

type Json = Record<string, unknown>;
interface ExpectedRecord {
  readonly stream: string;
  readonly data: Json;
  readonly emitted_at: number;
}

/** The custom column and custom field ids the tenant defines (the emulator's custom.ts). */
const ARRANGEMENT_COLUMN = "column_1667499229415";
const COST_CENTER_FIELD = "field_1659639494941";

let company: Company;
let records: ExpectedRecord[];
let startDate: string;

beforeAll(async () => {
  const acceptance = await loadAcceptanceConfig();
  const [read] = acceptance.acceptance_tests.basic_read.tests;
  if (read === undefined) throw new Error("acceptance-test-config.yml has no basic read");
  const text = await readFile(acceptancePath(read.expect_records.path), "utf8");
  records = text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as ExpectedRecord);
  const config = JSON.parse(await readFile(acceptancePath(read.config_path), "utf8")) as {
    start_date: string;
  };
  startDate = config.start_date;
  company = generateCompany({
    seed: ACCEPTANCE_COMPANY.seed,
    employees: ACCEPTANCE_COMPANY.employees,
    today: ACCEPTANCE_COMPANY.today,
  });
});

const of = (stream: string): ExpectedRecord[] => records.filter((r) => r.stream === stream);

function employee(id: unknown): Employee {
  const e = typeof id === "string" ? company.byId.get(id) : undefined;
  if (e === undefined) throw new Error(`no employee ${String(id)} in the company`);
  return e;
}

const nameOf = (e: Employee): string => `${e.preferredName ?? e.firstName} ${e.surname}`;
const lifecycleOf = (e: Employee): LifecycleRow => currentRow(e.lifecycle, company.today);
const isLeaver = (e: Employee): boolean => lifecycleOf(e).status === "terminated";
/** Hired-not-started and terminated people are Inactive, and so is anyone on a leave marked inactive. */
const accessStatus = (row: LifecycleRow): string =>
  row.inactive || row.status === "hired" || row.status === "terminated" ? "Inactive" : "Active";
const siteName = (siteId: number): string | undefined => SITES.find((s) => s.id === siteId)?.name;
const capitalised = (status: string): string => `${status.charAt(0).toUpperCase()}${status.slice(1)}`;

/** What people search should say about an employee, straight from the model's current rows. */
function employeeOracle(e: Employee): Json {
  const today = company.today;
  const work = currentRow(e.work, today);
  const employment = currentRow(e.employment, today);
  const lifecycle = lifecycleOf(e);
  const manager = work.managerId === null ? undefined : employee(work.managerId);
  // Terminated people keep their manager on record but are no one's report.
  const reports = company.employees.filter(
    (other) => !isLeaver(other) && currentRow(other.work, today).managerId === e.id,
  ).length;
  const human: Json = {
    reportsTo: manager === undefined ? undefined : nameOf(manager),
    title: work.title === null ? undefined : listLabel("title", work.title),
    department: work.department === null ? undefined : listLabel("department", work.department),
  };
  return {
    id: e.id,
    email: e.email,
    firstName: e.firstName,
    surname: e.surname,
    secondName: e.secondName,
    displayName: nameOf(e),
    fullName: `${e.firstName} ${e.surname}`,
    companyId: company.companyId,
    creationDateTime: e.creationDateTime,
    work: {
      title: work.title,
      department: work.department,
      siteId: work.siteId,
      site: siteName(work.siteId),
      startDate: e.startDate,
      originalStartDate: e.originalStartDate,
      activeEffectiveDate: work.effectiveDate,
      workChangeType: work.workChangeType,
      manager: work.managerId,
      reportsTo:
        manager === undefined
          ? null
          : {
              id: manager.id,
              email: manager.email,
              firstName: manager.firstName,
              surname: manager.surname,
              displayName: nameOf(manager),
            },
      reportsToIdInCompany: manager?.employeeIdInCompany ?? null,
      employeeIdInCompany: e.employeeIdInCompany,
      isManager: reports > 0,
      directReports: reports,
      workMobile: e.workMobile,
      customColumns: { [ARRANGEMENT_COLUMN]: work.arrangement },
      custom: { [COST_CENTER_FIELD]: e.costCenter },
    },
    internal: {
      lifecycleStatus: lifecycle.status,
      status: accessStatus(lifecycle),
      terminationDate: e.terminationDate,
      terminationReason: e.terminationReason,
      terminationType: e.terminationType,
    },
    employee: { lastDayOfWork: e.terminationDate },
    home: { mobilePhone: e.mobilePhone },
    payroll: { employment: { contract: employment.contract, type: employment.type } },
    humanReadable: {
      id: e.id,
      email: e.email,
      work: Object.fromEntries(Object.entries(human).filter(([, value]) => value !== undefined)),
      internal: { lifecycleStatus: capitalised(lifecycle.status) },
    },
  };
}

/** A history row as Bob's table endpoints give it: the common columns from the model's row and its neighbours. */
function rowOracle(e: Employee, rows: readonly RowMeta[], id: unknown): { row: RowMeta; common: Json } {
  const position = rows.findIndex((r) => String(r.id) === id);
  const row = rows[position];
  if (row === undefined) throw new Error(`employee ${e.id} has no row ${String(id)}`);
  const admin = employee(row.changedById);
  return {
    row,
    common: {
      employee_id: e.id,
      id: String(row.id),
      effectiveDate: row.effectiveDate,
      endEffectiveDate: rows[position + 1]?.effectiveDate ?? null,
      isCurrent: row === currentRow(rows, company.today),
      modificationDate: row.modificationDate,
      change: { reason: row.reason, changedBy: nameOf(admin), changedById: row.changedById },
    },
  };
}

function flatItems(
  items: readonly ListItem[],
  parent: string | null,
): { item: ListItem; parent: string | null }[] {
  return items.flatMap((item) => [{ item, parent }, ...flatItems(item.children, item.id)]);
}

describe("expected_records.jsonl agrees with the emulator's company, not only with the source", () => {
  it("holds the first employees of people search and every leaver, and nothing else", () => {
    const ids = of("employees").map((r) => r.data.id);
    const leavers = company.employees.filter(isLeaver).map((e) => e.id);
    expect(leavers.length).toBeGreaterThan(0);
    const firstThree = company.employees.slice(0, 3).map((e) => e.id);
    expect(new Set(ids)).toEqual(new Set([...firstThree, ...leavers]));
    expect(ids).toHaveLength(new Set(ids).size);
    expect(new Set(records.map((r) => r.emitted_at))).toEqual(
      new Set([Date.parse(`${ACCEPTANCE_COMPANY.today}T00:00:00Z`)]),
    );
  });

  it("each employee record: ids, names, emails, work, manager, lifecycle and dates as the model holds them", () => {
    const employees = of("employees");
    expect(employees.length).toBeGreaterThan(3);
    for (const { data } of employees) {
      expect(data, `employee ${String(data.id)}`).toMatchObject(employeeOracle(employee(data.id)));
    }
  });

  it("each employee_fields record: the field catalogue's id, name, category, path and type", () => {
    const fields = of("employee_fields");
    expect(fields).toHaveLength(3);
    for (const { data } of fields) {
      const def = FIELDS.find((f) => f.id === data.id);
      if (def === undefined) throw new Error(`no field ${String(data.id)} in the catalogue`);
      expect(data).toMatchObject({
        name: def.name,
        categoryId: def.categoryId,
        categoryDisplayName: def.categoryDisplayName,
        jsonPath: def.jsonPath,
        type: def.type,
        historical: def.historical,
        description: def.description,
      });
    }
  });

  it("each named_lists record: an item of the list it names, with its label, archived flag and parent", () => {
    const lists = allNamedLists(true);
    const items = of("named_lists");
    expect(items).toHaveLength(3);
    for (const { data } of items) {
      const list = lists[String(data.list_name)];
      if (list === undefined) throw new Error(`no list ${String(data.list_name)}`);
      const found = flatItems(list.items, null).find(({ item }) => item.id === data.id);
      if (found === undefined) throw new Error(`no item ${String(data.id)} in ${list.name}`);
      expect(data).toEqual({
        list_name: list.name,
        id: found.item.id,
        value: found.item.value,
        name: found.item.name,
        archived: found.item.archived,
        parent_id: found.parent,
      });
    }
  });

  it("each work, employment and lifecycle history record: the model's effective-dated row", () => {
    const history = [...of("work_history"), ...of("employment_history"), ...of("lifecycle_history")];
    expect(history).toHaveLength(9);
    for (const { stream, data } of history) {
      const e = employee(data.employee_id);
      const label = `${stream} ${String(data.employee_id)}/${String(data.id)}`;
      if (stream === "work_history") {
        const { row, common } = rowOracle(e, e.work, data.id);
        const work = e.work.find((r) => r === row);
        if (work === undefined) throw new Error(label);
        const manager = work.managerId === null ? undefined : employee(work.managerId);
        expect(data, label).toMatchObject({
          ...common,
          title: work.title,
          department: work.department,
          siteId: work.siteId,
          site: siteName(work.siteId),
          workChangeType: work.workChangeType,
          reportsTo: manager === undefined ? null : { id: manager.id, email: manager.email },
          customColumns: { [ARRANGEMENT_COLUMN]: work.arrangement },
        });
      } else if (stream === "employment_history") {
        const { row, common } = rowOracle(e, e.employment, data.id);
        const employment = e.employment.find((r) => r === row);
        if (employment === undefined) throw new Error(label);
        expect(data, label).toMatchObject({
          ...common,
          contract: employment.contract,
          type: employment.type,
          salaryPayType: employment.salaryPayType,
          flsaCode: employment.flsaCode,
          calendarId: employment.calendarId,
          weeklyHours: employment.weeklyHours,
        });
      } else {
        const { row, common } = rowOracle(e, e.lifecycle, data.id);
        const lifecycle = e.lifecycle.find((r) => r === row);
        if (lifecycle === undefined) throw new Error(label);
        expect(data, label).toMatchObject({
          ...common,
          status: capitalised(lifecycle.status),
          employeeStatus: accessStatus(lifecycle),
          reasonType: lifecycle.reasonType,
          leaveReason: lifecycle.leaveReason,
        });
      }
    }
  });

  it("each time_off_changes record: a change of the model's time off since start_date, by a visible employee", () => {
    const changes = of("time_off_changes");
    expect(changes).toHaveLength(3);
    const since = Date.parse(`${startDate}T00:00:00Z`);
    for (const { data } of changes) {
      const change = company.timeOff.find(
        (c) => c.requestId === data.request_id && c.changeType === data.change_type,
      );
      if (change === undefined)
        throw new Error(`no change ${String(data.request_id)}/${String(data.change_type)}`);
      expect(change.changeType).not.toBe("Pending");
      expect(change.changedAtMs).toBeGreaterThanOrEqual(since);
      const e = employee(change.employeeId);
      expect(data).toMatchObject({
        requestId: change.requestId,
        changeType: change.changeType,
        employeeId: e.id,
        employeeEmail: e.email,
        employeeDisplayName: nameOf(e),
        policyTypeDisplayName: TIME_OFF_POLICIES[change.policy],
        startDate: change.startDate,
        endDate: change.endDate,
        totalDuration: change.halfDay ? 0.5 : change.days,
        originalRequestId: change.originalRequestId,
        previousRequestId: change.previousRequestId,
        changeReason: change.changeReason,
      });
      expect(String(data.createdOn).slice(0, 23)).toBe(
        new Date(change.createdOnMs).toISOString().slice(0, 23),
      );
    }
  });
});
