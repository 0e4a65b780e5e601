// The admin API under /_emulator: outside /v1, no auth, no rate limit, no firewall. It lets a test, the demo or a
// benchmark make a day pass, hire/terminate/rehire/delete people, change emails, switch faults on and off, and
// reconfigure rate limits and service users while the emulator runs.

import type { DayOptions, HireInput, LeaveInput, UpdateKind } from "./day.js";
import {
  changeEmail,
  deleteEmployee,
  hireEmployee,
  passDays,
  rehireEmployee,
  startLeave,
  terminateEmployee,
} from "./day.js";
import { currentWork, insertRow, lifecycleStatus, rowIdFor, workRow } from "./employee.js";
import { parseFaultRule } from "./faults.js";
import { FIELDS } from "./fields.js";
import { generateCompany } from "./generator.js";
import type { Reply } from "./http.js";
import { jsonReply } from "./http.js";
import { isIsoDate } from "./dates.js";
import type { Employee } from "./model.js";
import { LIFECYCLE_STATUSES } from "./model.js";
import { listLabel } from "./named-lists.js";
import { orgIndex } from "./org.js";
import type { ColumnRestrictionOptions, ServiceUserOptions } from "./permissions.js";
import { resolveServiceUser } from "./permissions.js";
import { createRandom } from "./prng.js";
import type { EndpointKey } from "./rate-limit.js";
import { isEndpointKey } from "./rate-limit.js";
import { renderEmployee } from "./render.js";
import type { EmulatorState } from "./state.js";
import { TABLES, renderRow } from "./tables.js";
import { changeTimeOffRequest } from "./timeoff-events.js";
import { businessNowMs, renderChange } from "./timeoff.js";
import { EmployeeView, siteById } from "./view.js";
import { isRecord } from "./is-record.js";

function adminError(status: number, error: string): Reply {
  return jsonReply(status, { error });
}

function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const value = o[key];
  return typeof value === "string" ? value : undefined;
}

function optionalInt(o: Record<string, unknown>, key: string): number | undefined {
  const value = o[key];
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Admin mutations draw from a stream seeded by the company and a per-emulator counter, so replays match. */
function adminRandom(state: EmulatorState) {
  state.adminSeq++;
  return createRandom(state.company.seed).fork(900_000 + state.company.day * 1000 + state.adminSeq);
}

/** Everything about one employee, with every field and every row: the emulator's ground truth. */
function employeeTruth(state: EmulatorState, e: Employee): Record<string, unknown> {
  const company = state.company;
  const view = new EmployeeView(e, { company, org: orgIndex(company), signature: "0000000000admin" });
  const plan = FIELDS.map((def) => ({
    def,
    slashKey: `/${def.id.replaceAll(".", "/")}`,
    path: def.jsonPath.split("."),
  }));
  plan.sort((a, b) => a.path.length - b.path.length);
  const tables: Record<string, unknown> = {};
  for (const table of TABLES) {
    const rows =
      table === "work"
        ? e.work
        : table === "employment"
          ? e.employment
          : table === "lifecycle"
            ? e.lifecycle
            : e.salaries;
    tables[table] = rows.map((row) => renderRow(company, e, table, row, false));
  }
  return {
    id: e.id,
    email: e.email,
    lifecycleStatus: lifecycleStatus(e, company.today),
    employee: renderEmployee(view, plan, ""),
    tables,
  };
}

function summary(state: EmulatorState): Record<string, unknown> {
  const company = state.company;
  const byLifecycle: Record<string, number> = Object.fromEntries(LIFECYCLE_STATUSES.map((s) => [s, 0]));
  for (const e of company.employees) {
    const status = lifecycleStatus(e, company.today);
    byLifecycle[status] = (byLifecycle[status] ?? 0) + 1;
  }
  return {
    seed: company.seed,
    companyId: company.companyId,
    domain: company.domain,
    today: company.today,
    daysPassed: company.day,
    employees: company.employees.length,
    byLifecycle,
    timeOffChanges: company.timeOff.length,
    serviceUsers: [...state.users.values()].map((u) => ({
      id: u.id,
      permissions: [...u.permissions],
      histories: [...u.histories],
      edits: [...u.edits],
      scope: u.scope,
      restrictedColumns: Object.fromEntries(
        [...u.restrictedColumns].map(([table, r]) => [
          table,
          { noView: [...r.noView], noViewHistory: [...r.noViewHistory] },
        ]),
      ),
    })),
    rateLimits: { enabled: state.rateLimiter.enabled, limits: state.rateLimiter.limits },
    faults: state.faults.list(),
    firewall: state.firewall === null ? null : { ...state.firewall.options, blocks: state.firewall.blocks() },
    stats: state.stats,
  };
}

function parseDayOptions(body: unknown): DayOptions | string {
  if (body === undefined) return {};
  if (!isRecord(body)) return "the body must be an object";
  const out: DayOptions = {};
  for (const key of [
    "days",
    "updates",
    "hires",
    "terminations",
    "rehires",
    "deletions",
    "emailChanges",
    "timeOffRequests",
  ] as const) {
    if (body[key] === undefined) continue;
    const value = optionalInt(body, key);
    if (value === undefined) return `${key} must be a non-negative integer`;
    out[key] = value;
  }
  return out;
}

function patchEmployee(state: EmulatorState, e: Employee, body: Record<string, unknown>): Reply {
  const company = state.company;
  const date = optionalString(body, "effectiveDate") ?? company.today;
  if (!isIsoDate(date)) return adminError(400, "effectiveDate must be YYYY-MM-DD");
  const base = currentWork(e, date);
  const title = optionalString(body, "title");
  const department = optionalString(body, "department");
  const managerId = body.managerId === null ? null : optionalString(body, "managerId");
  const siteId = optionalInt(body, "siteId");
  if (title !== undefined && listLabel("title", title) === undefined)
    return adminError(400, `unknown title id ${title}`);
  if (department !== undefined && listLabel("department", department) === undefined) {
    return adminError(400, `unknown department id ${department}`);
  }
  if (typeof managerId === "string" && !company.byId.has(managerId))
    return adminError(400, `unknown manager ${managerId}`);
  if (siteId !== undefined && siteById(siteId) === undefined)
    return adminError(400, `unknown site ${String(siteId)}`);
  const changes: UpdateKind[] = [];
  if (title !== undefined || department !== undefined || managerId !== undefined || siteId !== undefined) {
    insertRow(
      e.work,
      workRow(
        {
          id: rowIdFor(e.work, date),
          effectiveDate: date,
          modificationDate: company.today,
          creationDate: company.today,
          reason: optionalString(body, "reason") ?? null,
          changedById: company.adminId,
        },
        {
          title: title ?? base.title,
          department: department ?? base.department,
          siteId: siteId ?? base.siteId,
          managerId: managerId === undefined ? base.managerId : managerId,
          workChangeType: optionalString(body, "workChangeType") ?? "Other",
          arrangement: base.arrangement,
        },
      ),
    );
    changes.push("title");
  }
  if ("mobilePhone" in body) {
    const phone = body.mobilePhone;
    if (phone !== null && typeof phone !== "string")
      return adminError(400, "mobilePhone must be a string or null");
    e.mobilePhone = phone;
    changes.push("phone");
  }
  const email = optionalString(body, "email");
  if (email !== undefined) {
    try {
      changeEmail(company, e, adminRandom(state), email);
    } catch (error) {
      return adminError(409, error instanceof Error ? error.message : String(error));
    }
  }
  company.version++;
  return jsonReply(200, employeeTruth(state, e));
}

function parseServiceUsers(body: unknown): ServiceUserOptions[] | string {
  const list = Array.isArray(body) ? (body as unknown[]) : [body];
  const out: ServiceUserOptions[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.id !== "string" || typeof item.token !== "string") {
      return "each service user needs string id and token";
    }
    const user: ServiceUserOptions = { id: item.id, token: item.token };
    for (const key of ["permissions", "histories", "edits"] as const) {
      const value = item[key];
      if (value === undefined) continue;
      if (value !== "all" && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
        return `${key} must be "all" or an array of category ids`;
      }
      user[key] = value;
    }
    if (item.scope !== undefined) {
      if (!isRecord(item.scope)) return "scope must be an object";
      const scope: NonNullable<ServiceUserOptions["scope"]> = {};
      for (const key of ["terminated", "hired", "leave", "activeOnly"] as const) {
        const value = item.scope[key];
        if (value === undefined) continue;
        if (typeof value !== "boolean") return `scope.${key} must be a boolean`;
        scope[key] = value;
      }
      user.scope = scope;
    }
    if (item.restrictedColumns !== undefined) {
      const restricted = parseRestrictedColumns(item.restrictedColumns);
      if (typeof restricted === "string") return restricted;
      user.restrictedColumns = restricted;
    }
    out.push(user);
  }
  return out;
}

/** `{"work": {"noView": ["department"], "noViewHistory": ["title"]}}`: field-level permission gaps per table. */
function parseRestrictedColumns(value: unknown): Record<string, ColumnRestrictionOptions> | string {
  if (!isRecord(value)) return "restrictedColumns must be an object of tables";
  const out: Record<string, ColumnRestrictionOptions> = {};
  for (const [table, entry] of Object.entries(value)) {
    if (!isRecord(entry)) return `restrictedColumns.${table} must be an object`;
    const restriction: ColumnRestrictionOptions = {};
    for (const key of ["noView", "noViewHistory"] as const) {
      const columns = entry[key];
      if (columns === undefined) continue;
      if (!Array.isArray(columns) || !columns.every((c) => typeof c === "string"))
        return `restrictedColumns.${table}.${key} must be an array of column names`;
      restriction[key] = columns;
    }
    out[table] = restriction;
  }
  return out;
}

/** Routes one admin request. `segments` is the path below /_emulator. */
export function handleAdmin(
  state: EmulatorState,
  method: string,
  segments: readonly string[],
  body: unknown,
): Reply {
  const [resource, id, action] = segments;
  const company = state.company;
  const key = `${method} ${resource ?? ""}${id === undefined ? "" : "/:id"}${action === undefined ? "" : `/${action}`}`;
  switch (key) {
    case "GET ":
    case "GET state":
      return jsonReply(200, summary(state));
    case "POST day": {
      const options = parseDayOptions(body);
      if (typeof options === "string") return adminError(400, options);
      return jsonReply(200, passDays(company, options));
    }
    case "POST reset": {
      const o = isRecord(body) ? body : {};
      const next = {
        seed: optionalInt(o, "seed") ?? state.generation.seed,
        employees: optionalInt(o, "employees") ?? state.generation.employees,
        today: optionalString(o, "today") ?? state.generation.today,
      };
      if (!isIsoDate(next.today)) return adminError(400, "today must be YYYY-MM-DD");
      try {
        state.company = generateCompany(next);
      } catch (error) {
        return adminError(400, error instanceof Error ? error.message : String(error));
      }
      state.rateLimiter.reset();
      state.firewall?.reset();
      return jsonReply(200, summary(state));
    }
    case "POST employees": {
      const o = isRecord(body) ? body : {};
      const input: HireInput = {};
      for (const k of ["firstName", "surname", "email", "startDate", "managerId", "department"] as const) {
        const value = optionalString(o, k);
        if (value !== undefined) input[k] = value;
      }
      const siteId = optionalInt(o, "siteId");
      if (siteId !== undefined) input.siteId = siteId;
      if (input.startDate !== undefined && !isIsoDate(input.startDate))
        return adminError(400, "startDate must be YYYY-MM-DD");
      if (input.managerId !== undefined && !company.byId.has(input.managerId))
        return adminError(400, "unknown managerId");
      if (input.email !== undefined && company.byEmail.has(input.email.toLowerCase()))
        return adminError(409, "email taken");
      const e = hireEmployee(company, adminRandom(state), input);
      return jsonReply(201, employeeTruth(state, e));
    }
    case "GET faults":
      return jsonReply(200, state.faults.list());
    case "POST faults": {
      const rules = Array.isArray(body) ? (body as unknown[]) : [body];
      const parsed = rules.map(parseFaultRule);
      const invalid = parsed.find((p) => typeof p === "string");
      if (typeof invalid === "string") return adminError(400, invalid);
      const added = parsed.flatMap((rule) => (typeof rule === "string" ? [] : [state.faults.add(rule)]));
      return jsonReply(201, Array.isArray(body) ? added : (added[0] ?? null));
    }
    case "DELETE faults":
      state.faults.clear();
      return jsonReply(200, []);
    case "DELETE faults/:id":
      return state.faults.remove(Number(id))
        ? jsonReply(200, state.faults.list())
        : adminError(404, "no such fault");
    case "GET rate-limits":
      return jsonReply(200, { enabled: state.rateLimiter.enabled, limits: state.rateLimiter.limits });
    case "PUT rate-limits": {
      const o = isRecord(body) ? body : {};
      const limits: Partial<Record<EndpointKey, number>> = {};
      if (o.limits !== undefined) {
        if (!isRecord(o.limits)) return adminError(400, "limits must be an object");
        for (const [endpoint, limit] of Object.entries(o.limits)) {
          if (
            !isEndpointKey(endpoint) ||
            typeof limit !== "number" ||
            !Number.isInteger(limit) ||
            limit < 1
          ) {
            return adminError(400, `bad limit for ${endpoint}`);
          }
          limits[endpoint] = limit;
        }
      }
      state.rateLimiter.configure(
        typeof o.enabled === "boolean" ? o.enabled : state.rateLimiter.enabled,
        limits,
      );
      return jsonReply(200, { enabled: state.rateLimiter.enabled, limits: state.rateLimiter.limits });
    }
    case "GET firewall":
      return jsonReply(
        200,
        state.firewall === null ? null : { ...state.firewall.options, blocks: state.firewall.blocks() },
      );
    case "DELETE firewall":
      state.firewall?.reset();
      return jsonReply(200, { blocks: [] });
    case "POST time-off/:id": {
      // A cancellation or deletion made now of an existing request: Bob keeps the request's createdOn.
      const o = isRecord(body) ? body : {};
      if (o.changeType !== "Canceled" && o.changeType !== "Deleted")
        return adminError(400, 'changeType must be "Canceled" or "Deleted"');
      const atMs = businessNowMs(company, state.now());
      const change = changeTimeOffRequest(company, Number(id), o.changeType, atMs);
      return change === undefined
        ? adminError(404, `no open time-off request ${String(id)}`)
        : jsonReply(201, renderChange(change));
    }
    case "PUT service-users": {
      const users = parseServiceUsers(body);
      if (typeof users === "string") return adminError(400, users);
      state.users.clear();
      for (const u of users) state.users.set(u.id, resolveServiceUser(u));
      return jsonReply(200, { serviceUsers: [...state.users.keys()] });
    }
    default:
      break;
  }
  if (resource === "employees" && id !== undefined) {
    const e = company.byId.get(id) ?? company.byEmail.get(id.toLowerCase());
    if (e === undefined) return adminError(404, `no employee ${id}`);
    const o = isRecord(body) ? body : {};
    switch (key) {
      case "GET employees/:id":
        return jsonReply(200, employeeTruth(state, e));
      case "PATCH employees/:id":
        return patchEmployee(state, e, o);
      case "POST employees/:id/terminate": {
        if (lifecycleStatus(e, company.today) === "terminated") return adminError(409, "already terminated");
        const date = optionalString(o, "date");
        if (date !== undefined && !isIsoDate(date)) return adminError(400, "date must be YYYY-MM-DD");
        const type = o.type === "involuntary" || o.type === "other" ? o.type : "voluntary";
        const reason = optionalString(o, "reason");
        terminateEmployee(company, e, {
          ...(date === undefined ? {} : { date }),
          ...(reason === undefined ? {} : { reason }),
          type,
        });
        return jsonReply(200, employeeTruth(state, e));
      }
      case "POST employees/:id/rehire": {
        if (lifecycleStatus(e, company.today) !== "terminated") return adminError(409, "not terminated");
        const startDate = optionalString(o, "startDate");
        if (startDate !== undefined && !isIsoDate(startDate))
          return adminError(400, "startDate must be YYYY-MM-DD");
        rehireEmployee(company, e, adminRandom(state), startDate);
        return jsonReply(200, employeeTruth(state, e));
      }
      case "POST employees/:id/leave": {
        const status = o.status ?? "leave";
        if (status !== "leave" && status !== "parental leave" && status !== "garden leave")
          return adminError(400, 'status must be "leave", "parental leave" or "garden leave"');
        const input: LeaveInput = { status };
        for (const key of ["date", "returnDate", "lastWorkingDay"] as const) {
          const value = optionalString(o, key);
          if (value === undefined) continue;
          if (!isIsoDate(value)) return adminError(400, `${key} must be YYYY-MM-DD`);
          input[key] = value;
        }
        if (o.remainActive !== undefined) {
          if (typeof o.remainActive !== "boolean") return adminError(400, "remainActive must be a boolean");
          input.remainActive = o.remainActive;
        }
        startLeave(company, e, input);
        return jsonReply(200, employeeTruth(state, e));
      }
      case "DELETE employees/:id":
        deleteEmployee(company, e);
        return jsonReply(200, { deleted: e.id });
      default:
        break;
    }
  }
  return adminError(404, `no admin route ${method} /_emulator/${segments.join("/")}`);
}
