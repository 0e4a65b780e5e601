// GET /timeoff/requests/changes and the custom tables.

import { customTable, customTableEntries, CUSTOM_TABLES } from "../custom-tables.js";
import type { Reply } from "../http.js";
import { bobError, htmlReply, jsonReply } from "../http.js";
import { TIME_OFF_PERMISSION } from "../permissions.js";
import { businessNowMs, changesBetween, renderChange, timeOffWindow } from "../timeoff.js";
import type { Call } from "./call.js";
import { inScopeFor } from "./call.js";

export function timeOffChanges(call: Call): Reply {
  if (!call.user.permissions.has(TIME_OFF_PERMISSION)) {
    return bobError(403, "forbidden", "The service user does not have permissions to access time off");
  }
  const company = call.state.company;
  const window = timeOffWindow(
    call.query.get("since"),
    call.query.get("to"),
    businessNowMs(company, call.nowMs),
  );
  if (!window.ok) return bobError(400, "bad.request", window.error);
  const visible = (employeeId: string): boolean => {
    const e = company.byId.get(employeeId);
    return e !== undefined && inScopeFor(call, e);
  };
  const changes = changesBetween(
    company,
    window.from,
    window.to,
    call.query.get("includePending") === "true",
    visible,
  );
  return jsonReply(200, { changes: changes.map(renderChange) });
}

export function customTablesMetadata(_call: Call): Reply {
  return jsonReply(200, { tables: CUSTOM_TABLES });
}

export function customTableMetadata(call: Call): Reply {
  const table = customTable(call.params.tableId ?? "");
  return table === undefined ? bobError(404, "not.found", "Custom table not found") : jsonReply(200, table);
}

export function customTableRows(call: Call): Reply {
  // OBS: a GET sent with Content-Type: application/json gets a 400 HTML page.
  if ((call.headers["content-type"] ?? "").toLowerCase().includes("application/json")) {
    return htmlReply(400, "<html><body><h1>400 Bad Request</h1></body></html>");
  }
  const company = call.state.company;
  const table = customTable(call.params.tableId ?? "");
  if (table === undefined) return bobError(404, "not.found", "Custom table not found");
  const e = company.byId.get(call.params.employeeId ?? "");
  if (e === undefined) return bobError(404, "employee.not.found", "Employee not found");
  if (!call.user.permissions.has(table.category) || !inScopeFor(call, e)) {
    return bobError(403, "forbidden", "The service user does not have permissions to access this table");
  }
  // OBS: only the string "true" turns human-readable values on.
  const withHuman = call.query.get("includeHumanReadable") === "true";
  return jsonReply(200, { values: customTableEntries(company, e, withHuman) });
}
