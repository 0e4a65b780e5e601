// POST /people/search and POST /people/{identifier}.

import { isActive } from "../employee.js";
import type { Reply } from "../http.js";
import { bobError, jsonReply } from "../http.js";
import type { Employee } from "../model.js";
import type { HumanMode, PlannedField } from "../render.js";
import { parseHumanMode, planFields, renderEmployee } from "../render.js";
import type { RenderContext } from "../view.js";
import { EmployeeView } from "../view.js";
import type { Call } from "./call.js";
import { isRecord } from "../is-record.js";
import { inScopeFor, renderContext } from "./call.js";

export const MAX_FIELDS = 400;
const FILTER_FIELDS = new Set(["root.id", "root.email"]);
const CHUNK_CHARS = 64 * 1024;

type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

function bad(error: string): { ok: false; reply: Reply } {
  return { ok: false, reply: bobError(400, "bad.request", error) };
}

function parseFields(body: Record<string, unknown>): Parsed<string[] | undefined> {
  const fields = body.fields;
  if (fields === undefined || fields === null) return { ok: true, value: undefined };
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === "string")) {
    return bad("fields must be an array of field ids");
  }
  if (fields.length > MAX_FIELDS)
    return bad(`fields may hold at most ${MAX_FIELDS} ids, got ${fields.length}`);
  return { ok: true, value: fields };
}

interface Filter {
  fieldPath: "root.id" | "root.email";
  values: string[];
}

/** At most one filter, on root.id or root.email, operator equals, non-empty values; `filters: []` is a 400. */
function parseFilters(body: Record<string, unknown>): Parsed<Filter | undefined> {
  if (!("filters" in body)) return { ok: true, value: undefined };
  const filters = body.filters;
  if (!Array.isArray(filters)) return bad("filters must be an array");
  if (filters.length !== 1) return bad("Exactly one filter is supported");
  const [filter] = filters as unknown[];
  if (!isRecord(filter)) return bad("A filter must be an object");
  const { fieldPath, operator, values } = filter;
  if (typeof fieldPath !== "string" || !FILTER_FIELDS.has(fieldPath)) {
    return bad(`Filtering is supported on root.id and root.email only, got ${JSON.stringify(fieldPath)}`);
  }
  if (operator !== "equals") return bad(`Unsupported operator ${JSON.stringify(operator)}; use equals`);
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string")) {
    return bad("values must be a non-empty array of strings");
  }
  return { ok: true, value: { fieldPath: fieldPath as Filter["fieldPath"], values } };
}

function* employeesJson(
  list: readonly Employee[],
  plan: readonly PlannedField[],
  mode: HumanMode,
  ctx: RenderContext,
): Generator<string> {
  // Employee by employee, in chunks of ~64 KiB: a 100k-employee answer is never one string in memory.
  let chunk = '{"employees":[';
  let first = true;
  for (const e of list) {
    chunk += (first ? "" : ",") + JSON.stringify(renderEmployee(new EmployeeView(e, ctx), plan, mode));
    first = false;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}]}`;
}

export function searchPeople(call: Call): Reply {
  const body = call.body ?? {};
  if (!isRecord(body)) return bobError(400, "bad.request", "The request body must be a JSON object");
  const fields = parseFields(body);
  if (!fields.ok) return fields.reply;
  const filter = parseFilters(body);
  if (!filter.ok) return filter.reply;
  const showInactive = body.showInactive === true;
  const mode = parseHumanMode(body.humanReadable);
  const company = call.state.company;

  let candidates: readonly Employee[] = company.employees;
  if (filter.value !== undefined) {
    const wanted = new Set<Employee>();
    for (const value of filter.value.values) {
      const e =
        filter.value.fieldPath === "root.id"
          ? company.byId.get(value)
          : company.byEmail.get(value.trim().toLowerCase());
      if (e !== undefined) wanted.add(e);
    }
    candidates = company.employees.filter((e) => wanted.has(e));
  }
  // showInactive never widens "Access data for"; it only adds Inactive people inside it.
  const list = candidates.filter((e) => inScopeFor(call, e) && (showInactive || isActive(e, company.today)));
  const plan = planFields(fields.value, call.user);
  return {
    status: 200,
    contentType: "application/json; charset=utf-8",
    body: employeesJson(list, plan, mode, renderContext(call)),
  };
}

/** The identifier is the id or the email; inactive people are found; the answer is a bare employee object. */
export function readPerson(call: Call): Reply {
  const body = call.body ?? {};
  if (!isRecord(body)) return bobError(400, "bad.request", "The request body must be a JSON object");
  const fields = parseFields(body);
  if (!fields.ok) return fields.reply;
  const identifier = call.params.identifier ?? "";
  const company = call.state.company;
  const e = company.byId.get(identifier) ?? company.byEmail.get(identifier.trim().toLowerCase());
  if (e === undefined) return bobError(404, "employee.not.found", `Employee ${identifier} was not found`);
  if (!inScopeFor(call, e)) {
    return bobError(403, "forbidden", "The service user does not have permissions to access this employee");
  }
  const plan = planFields(fields.value, call.user);
  const ctx = renderContext(call);
  return jsonReply(200, renderEmployee(new EmployeeView(e, ctx), plan, parseHumanMode(body.humanReadable)));
}
