// The /v1 route table. Each route names its rate-limit/fault endpoint key. Paths are matched in order, so the
// custom-table paths win over the generic /people/{id}/{table}.

import type { EndpointKey } from "./rate-limit.js";
import type { Handler } from "./routes/call.js";
import { getNamedList, listFields, listNamedLists } from "./routes/metadata.js";
import {
  customTableMetadata,
  customTableRows,
  customTablesMetadata,
  timeOffChanges,
} from "./routes/other.js";
import { readPerson, searchPeople } from "./routes/people.js";
import { bulkTable, employeeTable } from "./routes/tables.js";

interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  names: readonly string[];
  endpoint: EndpointKey;
  handler: Handler;
}

const SEGMENT = "([^/]+)";

function route(method: Route["method"], path: string, endpoint: EndpointKey, handler: Handler): Route {
  const names: string[] = [];
  const source = path.replace(/:(\w+)/g, (_m, name: string) => {
    names.push(name);
    return SEGMENT;
  });
  return { method, pattern: new RegExp(`^${source}/?$`), names, endpoint, handler };
}

const ROUTES: readonly Route[] = [
  route("POST", "/people/search", "people.search", searchPeople),
  route("POST", "/people/:identifier", "people.read", readPerson),
  route("GET", "/company/people/fields", "fields", listFields),
  route("GET", "/company/named-lists", "named-lists", listNamedLists),
  route("GET", "/company/named-lists/:name", "named-lists", getNamedList),
  route("GET", "/bulk/people/:table", "bulk", bulkTable),
  route("GET", "/people/custom-tables/metadata", "custom-tables", customTablesMetadata),
  route("GET", "/people/custom-tables/metadata/:tableId", "custom-tables", customTableMetadata),
  route("GET", "/people/custom-tables/:employeeId/:tableId", "custom-tables", customTableRows),
  route("GET", "/people/:id/:table", "people.tables", employeeTable),
  route("GET", "/timeoff/requests/changes", "timeoff.changes", timeOffChanges),
];

export interface Match {
  endpoint: EndpointKey;
  handler: Handler;
  params: Record<string, string>;
}

/** Finds the route for a path below /v1; undefined when nothing matches. */
export function matchRoute(method: string, path: string): Match | undefined {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m === null) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? "");
    });
    return { endpoint: r.endpoint, handler: r.handler, params };
  }
  return undefined;
}
