// GET /bulk/people/{table} and GET /people/{id}/{table}. Where in a bulk answer Bob puts `restricted_columns` is
// not documented (its example is a per-employee answer); here it sits beside `results`, for the whole page.

import { createHash } from "node:crypto";
import type { Reply } from "../http.js";
import { WEB_APP_PAGE, bobError, htmlReply, jsonReply } from "../http.js";
import { TABLE_CATEGORY } from "../permissions.js";
import type { BulkCursor, TableName } from "../tables.js";
import { bulkPage, decodeCursor, encodeCursor, isTableName, renderRow, visibleRows } from "../tables.js";
import { RESTRICTED_HEADER, restrictColumns } from "../restricted-columns.js";
import type { Call } from "./call.js";
import { inScopeFor } from "./call.js";

export const MAX_BULK_LIMIT = 200;
export const DEFAULT_BULK_LIMIT = 50;
export const MAX_BULK_EMPLOYEES = 200;

function forbidden(what: string): Reply {
  return bobError(403, "forbidden", `The service user does not have permissions to access ${what}`);
}

function tablePermission(call: Call, table: TableName): { allowed: boolean; history: boolean } {
  const category = TABLE_CATEGORY[table] ?? table;
  return { allowed: call.user.permissions.has(category), history: call.user.histories.has(category) };
}

export function bulkTable(call: Call): Reply {
  const table = call.params.table ?? "";
  // Plural typos (`entitlements`) are 404s in Bob; unknown tables here are too.
  if (!isTableName(table)) return bobError(404, "not.found", `Unknown table ${table}`);
  const permission = tablePermission(call, table);
  if (!permission.allowed) return forbidden(`the ${table} table`);

  const rawLimit = call.query.get("limit");
  const limit = rawLimit === null ? DEFAULT_BULK_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BULK_LIMIT) {
    return bobError(400, "bad.request", `limit must be an integer from 1 to ${MAX_BULK_LIMIT}`);
  }
  const rawIds = call.query.get("employeeIds");
  const ids =
    rawIds === null
      ? null
      : rawIds
          .split(",")
          .map((id) => id.trim())
          .filter((id) => id !== "");
  if (ids !== null && ids.length > MAX_BULK_EMPLOYEES) {
    return bobError(400, "bad.request", `employeeIds may hold at most ${MAX_BULK_EMPLOYEES} ids`);
  }
  const company = call.state.company;
  const filter = createHash("sha1")
    .update(`${table}|${ids === null ? "*" : [...ids].sort().join(",")}`)
    .digest("base64url")
    .slice(0, 12);
  const rawCursor = call.query.get("cursor");
  let start: BulkCursor = { i: 0, o: 0, t: table, f: filter };
  if (rawCursor !== null && rawCursor !== "") {
    const cursor = decodeCursor(rawCursor);
    if (cursor?.t !== table || cursor.f !== filter) return bobError(400, "bad.request", "Invalid cursor");
    start = cursor;
  }
  const wanted = ids === null ? null : new Set(ids);
  const page = bulkPage(
    company,
    table,
    start,
    limit,
    (e) => (wanted === null || wanted.has(e.id)) && inScopeFor(call, e),
    permission.history,
  );
  // Requested employees outside "Access data for" (or unknown) are reported in errors[], on the first page.
  const errors: Record<string, { error: string; message: string }>[] = [];
  if (ids !== null && (rawCursor === null || rawCursor === "")) {
    for (const id of new Set(ids)) {
      const e = company.byId.get(id);
      if (e === undefined || !inScopeFor(call, e)) {
        errors.push({
          employeeId: {
            error: "MISSING_PERMISSION",
            message: `You don't have permission to access data for employees with ids: ${id}`,
          },
        });
      }
    }
  }
  const restricted = restrictColumns(
    page.results.flatMap((result) => result.values),
    call.user.restrictedColumns.get(table),
  );
  return jsonReply(
    200,
    {
      results: page.results,
      response_metadata: { next_cursor: page.next === null ? null : encodeCursor(page.next) },
      errors,
      ...(restricted === undefined ? {} : { restricted_columns: restricted }),
    },
    restricted === undefined ? undefined : { [RESTRICTED_HEADER]: "true" },
  );
}

export function employeeTable(call: Call): Reply {
  const table = call.params.table ?? "";
  // An unknown table name falls through to the web app: 200 text/html.
  if (!isTableName(table)) return htmlReply(200, WEB_APP_PAGE);
  const company = call.state.company;
  const id = call.params.id ?? "";
  const e = company.byId.get(id);
  if (e === undefined) return bobError(404, "employee.not.found", `Employee ${id} was not found`);
  const permission = tablePermission(call, table);
  if (!permission.allowed || !inScopeFor(call, e)) return forbidden(`the ${table} table of this employee`);
  const withHuman = call.query.get("includeHumanReadable") === "true";
  const rows = visibleRows(e, table, company.today, permission.history);
  const values = rows.map((row) => renderRow(company, e, table, row, withHuman));
  const restricted = restrictColumns(values, call.user.restrictedColumns.get(table));
  return restricted === undefined
    ? jsonReply(200, { values })
    : jsonReply(200, { values, restricted_columns: restricted }, { [RESTRICTED_HEADER]: "true" });
}
