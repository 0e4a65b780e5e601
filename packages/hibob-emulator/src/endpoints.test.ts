// Every /v1 endpoint over real HTTP, checked against the shapes Bob is observed to send and, where HiBob's OpenAPI
// agrees with those observations, against the OpenAPI's own response schemas (each override says why).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOM_TABLE_ID } from "./custom.js";
import type { HibobEmulator } from "./index.js";
import { basicAuthHeader, startHibobEmulator } from "./index.js";

const OPENAPI = fileURLToPath(
  new URL("../../../test/fixtures/reference/hibob-public-api.openapi.yml", import.meta.url),
);

type Schema = Record<string, unknown>;

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Walks a path of keys through the parsed OpenAPI document. */
function dig(root: unknown, ...keys: (string | number)[]): Schema {
  let node = root;
  for (const key of keys) {
    node = Array.isArray(node)
      ? (node as unknown[])[Number(key)]
      : isObject(node)
        ? node[String(key)]
        : undefined;
  }
  if (!isObject(node)) throw new Error(`no schema at ${keys.join(" > ")}`);
  return node;
}

/**
 * Adapts an OpenAPI 3.0 schema to observed traffic:
 * - OpenAPI 3.0 here never says `nullable`, yet Bob returns nulls for unset values, so every
 *   non-required property also accepts null;
 * - its `oneOf` branches (working patterns) are not mutually exclusive, so they become `anyOf`;
 * - `drop` removes properties where Bob is observed to differ from the OpenAPI.
 */
function adapt(schema: unknown, drop: readonly string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((s) => adapt(s, drop));
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "oneOf") out.anyOf = adapt(value, drop);
    else if (key === "properties" && isObject(value)) {
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const props: Schema = {};
      for (const [name, prop] of Object.entries(value)) {
        if (drop.includes(name)) continue;
        const adapted = adapt(prop, drop);
        props[name] = required.includes(name) ? adapted : { anyOf: [adapted, { type: "null" }] };
      }
      out.properties = props;
    } else out[key] = adapt(value, drop);
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsPlugin as unknown as (a: Ajv) => void)(ajv);
for (const format of ["boolean", "double", "string"]) ajv.addFormat(format, true);

function validator(schema: unknown): ValidateFunction {
  return ajv.compile(schema as Schema);
}

function expectValid(validate: ValidateFunction, value: unknown): void {
  const ok = validate(value);
  expect(ok ? [] : validate.errors?.slice(0, 20)).toEqual([]);
}

const TODAY = "2026-03-02";
let emu: HibobEmulator;
const auth = basicAuthHeader("emulator", "emulator-token");

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { authorization: auth, ...headers };
  const init: RequestInit = { method, headers: all };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    all["content-type"] = "application/json";
  }
  const res = await fetch(`${emu.baseUrl}${path}`, init);
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return {
    status: res.status,
    type,
    headers: res.headers,
    text,
    json: type.includes("json") ? (JSON.parse(text) as unknown) : undefined,
  };
}

type Person = Record<string, unknown>;

function employees(json: unknown): Person[] {
  if (!isObject(json) || !Array.isArray(json.employees)) throw new Error("no employees array");
  return json.employees as Person[];
}

beforeAll(async () => {
  emu = await startHibobEmulator({ employees: 400, seed: 11, today: TODAY, rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});

describe("POST /people/search", () => {
  it("returns every active accessible employee in one unpaginated answer", async () => {
    const res = await call("POST", "/people/search", { fields: ["root.id"] });
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/json");
    const list = employees(res.json);
    expect(list.length).toBeGreaterThan(300);
    expect(list.length).toBeLessThan(400);
    expect(Object.keys(res.json as object)).toEqual(["employees"]);
    for (const p of list) expect(p.id).toMatch(/^\d{19}$/);
  });

  it("mirrors the observed capture: slash keys, nested form and a humanReadable node", async () => {
    const res = await call("POST", "/people/search", {
      fields: ["root.id", "root.displayName", "root.email", "work.title"],
      humanReadable: "APPEND",
    });
    const [first] = employees(res.json);
    expect(Object.keys(first ?? {}).sort()).toEqual(
      [
        "/root/displayName",
        "/root/email",
        "/root/id",
        "/work/title",
        "displayName",
        "email",
        "humanReadable",
        "id",
        "work",
      ].sort(),
    );
  });

  it("filters by root.id and root.email, and needs showInactive for inactive people", async () => {
    const all = employees(
      (await call("POST", "/people/search", { fields: ["root.id", "root.email"], showInactive: true })).json,
    );
    const [a, b] = all;
    const byId = await call("POST", "/people/search", {
      fields: ["root.id"],
      showInactive: true,
      filters: [{ fieldPath: "root.id", operator: "equals", values: [a?.id, b?.id] }],
    });
    expect(employees(byId.json).map((p) => p.id)).toEqual([a?.id, b?.id]);
    const byEmail = await call("POST", "/people/search", {
      fields: ["root.id"],
      showInactive: true,
      filters: [{ fieldPath: "root.email", operator: "equals", values: [String(a?.email).toUpperCase()] }],
    });
    expect(employees(byEmail.json).map((p) => p.id)).toEqual([a?.id]);
    const hired = emu.company.employees.find((e) => e.startDate > TODAY);
    const hiredFilter = { fieldPath: "root.id", operator: "equals", values: [hired?.id] };
    expect(employees((await call("POST", "/people/search", { filters: [hiredFilter] })).json)).toEqual([]);
    expect(
      employees((await call("POST", "/people/search", { filters: [hiredFilter], showInactive: true })).json),
    ).toHaveLength(1);
  });

  it.each([
    ["filters: []", { filters: [] }],
    ["filters: {}", { filters: {} }],
    [
      "two filters",
      {
        filters: [
          { fieldPath: "root.id", operator: "equals", values: ["1"] },
          { fieldPath: "root.id", operator: "equals", values: ["2"] },
        ],
      },
    ],
    ["another field", { filters: [{ fieldPath: "work.title", operator: "equals", values: ["1"] }] }],
    ["another operator", { filters: [{ fieldPath: "root.id", operator: "contains", values: ["1"] }] }],
    ["empty values", { filters: [{ fieldPath: "root.id", operator: "equals", values: [] }] }],
    ["401 fields", { fields: Array.from({ length: 401 }, (_, i) => `root.f${String(i)}`) }],
  ])("answers 400 {key, error} for %s", async (_name, body) => {
    const res = await call("POST", "/people/search", body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ key: expect.any(String) as unknown, error: expect.any(String) as unknown });
  });

  it("accepts exactly 400 fields", async () => {
    const fields = Array.from({ length: 400 }, (_, i) => (i === 0 ? "root.id" : `root.unknown${String(i)}`));
    expect((await call("POST", "/people/search", { fields })).status).toBe(200);
  });
});

describe("POST /people/{identifier}", () => {
  it("returns a bare employee object by id or email, inactive people included", async () => {
    const hired = emu.company.employees.find((e) => e.startDate > TODAY);
    if (hired === undefined) throw new Error("fixture missing");
    const byId = await call("POST", `/people/${hired.id}`, {
      fields: ["root.id", "work.startDate", "work.department"],
    });
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({
      id: hired.id,
      "/work/startDate": { value: hired.startDate },
      work: { startDate: hired.startDate },
    });
    expect((byId.json as Person).employees).toBeUndefined();
    const byEmail = await call("POST", `/people/${encodeURIComponent(hired.email)}`, { fields: ["root.id"] });
    expect((byEmail.json as Person).id).toBe(hired.id);
  });

  it("answers 404 for an unknown id or email", async () => {
    expect((await call("POST", "/people/3999999999999999999", {})).status).toBe(404);
    expect((await call("POST", "/people/nobody@example.com", {})).status).toBe(404);
  });
});

describe("GET /company/people/fields", () => {
  it("is a bare array of field metadata; root jsonPaths have no root. prefix", async () => {
    const res = await call("GET", "/company/people/fields");
    const fields = res.json as Person[];
    expect(Array.isArray(fields)).toBe(true);
    const email = fields.find((f) => f.id === "root.email");
    expect(email).toMatchObject({ jsonPath: "email", categoryId: "root", typeData: {} });
    expect(fields.find((f) => f.id === "work.department")).toEqual({
      id: "work.department",
      name: "Department",
      category: "work",
      categoryId: "work",
      categoryDisplayName: "Work",
      description: null,
      jsonPath: "work.department",
      type: "list",
      typeData: { listId: "department" },
      historical: true,
    });
    expect(fields.some((f) => /^work\.custom\.field_\d+$/.test(String(f.id)))).toBe(true);
  });
});

describe("named lists", () => {
  it("GET /company/named-lists is an object keyed by name with values and items", async () => {
    const lists = (await call("GET", "/company/named-lists")).json as Record<string, Person>;
    expect(Array.isArray(lists)).toBe(false);
    const department = lists.department;
    expect(department?.name).toBe("department");
    expect(department?.values).toEqual(department?.items);
    expect(((department?.values ?? []) as Person[]).every((i) => typeof i.id === "string")).toBe(true);
    const costCenters = (lists.costCenters?.values ?? []) as Person[];
    expect((costCenters[0]?.children as unknown[]).length).toBeGreaterThan(0);
  });

  it("hides archived items unless includeArchived=true", async () => {
    const without = (await call("GET", "/company/named-lists/title")).json as { values: Person[] };
    const withArchived = (await call("GET", "/company/named-lists/title?includeArchived=true")).json as {
      values: Person[];
    };
    expect(without.values.some((i) => i.archived === true)).toBe(false);
    expect(withArchived.values.some((i) => i.archived === true)).toBe(true);
  });

  it("is case-sensitive: terminationreason is found, terminationReason is a 404", async () => {
    expect((await call("GET", "/company/named-lists/terminationreason")).status).toBe(200);
    expect((await call("GET", "/company/named-lists/terminationReason")).status).toBe(404);
  });
});

describe("employee tables", () => {
  const someone = () => {
    const e = emu.company.employees.find(
      (x) => x.work.length > 1 && x.startDate <= TODAY && x.terminationDate === null,
    );
    if (e === undefined) throw new Error("fixture missing");
    return e;
  };

  it("GET /people/{id}/work returns {values} rows with one current row", async () => {
    const e = someone();
    const res = await call("GET", `/people/${e.id}/work`);
    const rows = (res.json as { values: Person[] }).values;
    expect(rows).toHaveLength(e.work.length);
    expect(rows.filter((r) => r.isCurrent === true)).toHaveLength(1);
    for (const r of rows) expect(r.modificationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("answers 200 text/html for an unknown table under /people/{id}/", async () => {
    const res = await call("GET", `/people/${someone().id}/variables`);
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/html");
  });

  it("pages bulk tables with an opaque next_cursor until null, rows keyed by (employeeId, id)", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const res = await call("GET", `/bulk/people/work?limit=200${query}`);
      const page = res.json as {
        results: { employeeId: string; values: Person[] }[];
        response_metadata: { next_cursor: string | null };
      };
      for (const r of page.results) for (const row of r.values) seen.add(`${r.employeeId}:${String(row.id)}`);
      cursor = page.response_metadata.next_cursor;
      pages++;
    } while (cursor !== null && pages < 50);
    expect(cursor).toBeNull();
    const visible = emu.company.employees.filter(
      (e) => e.terminationDate === null || e.terminationDate > TODAY,
    );
    expect(seen.size).toBe(visible.reduce((n, e) => n + e.work.length, 0));
    expect(pages).toBeGreaterThan(1);
  });

  it("defaults limit to 50 and refuses a limit over 200 or more than 200 employeeIds", async () => {
    const page = (await call("GET", "/bulk/people/lifecycle")).json as { results: { values: unknown[] }[] };
    expect(page.results.reduce((n, r) => n + r.values.length, 0)).toBe(50);
    expect((await call("GET", "/bulk/people/work?limit=201")).status).toBe(400);
    expect((await call("GET", "/bulk/people/work?limit=0")).status).toBe(400);
    const ids = Array.from({ length: 201 }, (_, i) => String(i)).join(",");
    expect((await call("GET", `/bulk/people/work?employeeIds=${ids}`)).status).toBe(400);
    expect((await call("GET", "/bulk/people/works")).status).toBe(404);
    expect((await call("GET", "/bulk/people/work?cursor=garbage")).status).toBe(400);
  });

  it("lists requested employees outside the scope in errors[] with MISSING_PERMISSION", async () => {
    const terminated = emu.company.employees.find(
      (e) => e.terminationDate !== null && e.terminationDate < TODAY,
    );
    const ok = someone();
    const res = await call("GET", `/bulk/people/salaries?employeeIds=${ok.id},${terminated?.id ?? ""}`);
    const page = res.json as {
      results: { employeeId: string }[];
      errors: Record<string, { error: string }>[];
    };
    expect(page.results.map((r) => r.employeeId)).toEqual([ok.id]);
    expect(page.errors).toEqual([
      {
        employeeId: {
          error: "MISSING_PERMISSION",
          message: expect.stringContaining(terminated?.id ?? "?") as unknown,
        },
      },
    ]);
  });
});

describe("GET /timeoff/requests/changes", () => {
  it("returns {changes} inside a window of at most 6 months", async () => {
    const res = await call(
      "GET",
      "/timeoff/requests/changes?since=2025-12-01T00:00:00Z&to=2026-03-01T00:00:00Z",
    );
    const changes = (res.json as { changes: Person[] }).changes;
    expect(changes.length).toBeGreaterThan(10);
    for (const c of changes) {
      expect(Number.isInteger(c.requestId)).toBe(true);
      expect(c.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
      expect(c.changeType).not.toBe("Pending");
    }
    // The window is on when the change happened: a request created earlier and canceled in it keeps its createdOn.
    const created = changes.filter((c) => c.changeType === "Created");
    expect(created.every((c) => String(c.createdOn) >= "2025-11-29")).toBe(true);
    expect(changes.some((c) => c.changeType !== "Created" && String(c.createdOn) < "2025-12-01")).toBe(true);
  });

  it("answers 400 without since, for a window over 6 months, or for to before since", async () => {
    expect((await call("GET", "/timeoff/requests/changes")).status).toBe(400);
    expect(
      (await call("GET", "/timeoff/requests/changes?since=2025-01-01T00:00:00Z&to=2025-07-02T00:00:00Z"))
        .status,
    ).toBe(400);
    expect(
      (await call("GET", "/timeoff/requests/changes?since=2025-01-01T00:00:00Z&to=2025-07-01T00:00:00Z"))
        .status,
    ).toBe(200);
    expect((await call("GET", "/timeoff/requests/changes?since=2025-06-01T00:00:00Z")).status).toBe(400);
    expect(
      (await call("GET", "/timeoff/requests/changes?since=2026-01-01T00:00:00Z&to=2025-12-01T00:00:00Z"))
        .status,
    ).toBe(400);
  });
});

describe("custom tables", () => {
  it("describes tables and returns per-employee entries", async () => {
    const meta = (await call("GET", "/people/custom-tables/metadata")).json as { tables: Person[] };
    expect(meta.tables.map((t) => t.id)).toEqual([CUSTOM_TABLE_ID]);
    expect((await call("GET", `/people/custom-tables/metadata/${CUSTOM_TABLE_ID}`)).status).toBe(200);
    const e = emu.company.employees.find((x) => x.startDate <= TODAY && x.terminationDate === null);
    const rows = await call(
      "GET",
      `/people/custom-tables/${e?.id ?? ""}/${CUSTOM_TABLE_ID}?includeHumanReadable=true`,
    );
    expect(rows.status).toBe(200);
    expect(Array.isArray((rows.json as { values: unknown[] }).values)).toBe(true);
  });

  it("answers 400 HTML to a GET sent with Content-Type: application/json", async () => {
    const e = emu.company.employees[1];
    const res = await call("GET", `/people/custom-tables/${e?.id ?? ""}/${CUSTOM_TABLE_ID}`, undefined, {
      "content-type": "application/json",
    });
    expect(res.status).toBe(400);
    expect(res.type).toContain("text/html");
  });
});

describe("responses validate against the OpenAPI where it agrees with observed behaviour", () => {
  let spec: unknown;
  beforeAll(() => {
    spec = parse(readFileSync(OPENAPI, "utf8"), { maxAliasCount: -1 });
  });
  const response = (path: string, method = "get") =>
    dig(spec, "paths", path, method, "responses", "200", "content", "application/json", "schema");

  it("fields: the Fields schema, with nullable descriptions", async () => {
    expectValid(
      validator(adapt(response("/company/people/fields"))),
      (await call("GET", "/company/people/fields")).json,
    );
  });

  it("named lists: the List schema per list; item ids are strings, not the OpenAPI's integers", async () => {
    const validate = validator(adapt(response("/company/named-lists/{listName}"), ["id"]));
    const lists = (await call("GET", "/company/named-lists?includeArchived=true")).json as Record<
      string,
      unknown
    >;
    for (const list of Object.values(lists)) expectValid(validate, list);
  });

  it("people search: slash keys and root fields of EmployeeResponseMachineFormat", async () => {
    const machine = dig(response("/people/search", "post"), "properties", "employees", "items", "oneOf", 1);
    // The nested category objects are left out: observed answers (nulls, boolean isManager, custom as an object) win.
    // Three slash keys disagree with the live field metadata and the OpenAPI's own example:
    // /work/indirectReports is a number (not an array of ids), /work/tenureYears a number (not a string),
    // /about/foodPreferences a multi-list array (not a string).
    const disagree = [
      "work",
      "about",
      "employee",
      "hobbies",
      "/work/indirectReports",
      "/work/tenureYears",
      "/about/foodPreferences",
    ];
    const keep = Object.fromEntries(
      Object.entries(dig(machine, "properties")).filter(([k]) => !disagree.includes(k)),
    );
    const validate = validator(adapt({ ...machine, properties: keep }));
    const res = await call("POST", "/people/search", { humanReadable: "APPEND", showInactive: true });
    const list = employees(res.json);
    for (const p of list.slice(0, 100)) expectValid(validate, p);
    const one = await call("POST", `/people/${String(list[0]?.id)}`, {});
    expectValid(validate, one.json);
  });

  it("people search REPLACE: EmployeeResponseReadable (display dates are not ISO dates, so formats are dropped)", async () => {
    const readable = dig(response("/people/search", "post"), "properties", "employees", "items", "oneOf", 0);
    const validate = validator(
      JSON.parse(JSON.stringify(adapt(readable)).replaceAll('"format":"date"', '"x":1')),
    );
    const res = await call("POST", "/people/search", { humanReadable: "REPLACE" });
    for (const p of employees(res.json).slice(0, 100)) expectValid(validate, p);
  });

  it("per-employee and bulk tables: row schemas; bulk rows are bare and the cursor is next_cursor", async () => {
    const e = emu.company.employees.find((x) => x.startDate <= TODAY && x.terminationDate === null);
    for (const table of ["work", "employment", "lifecycle", "salaries"]) {
      const single = validator(adapt(response(`/people/{id}/${table}`)));
      expectValid(single, (await call("GET", `/people/${e?.id ?? ""}/${table}`)).json);
      const rowSchema = dig(
        response(`/bulk/people/${table}`),
        "properties",
        "results",
        "items",
        "properties",
        "values",
        "items",
        "anyOf",
        0,
        "properties",
        "values",
        "items",
      );
      const row = validator(adapt(rowSchema));
      const errors = validator(adapt(dig(response(`/bulk/people/${table}`), "properties", "errors")));
      const page = (await call("GET", `/bulk/people/${table}?limit=100`)).json as {
        results: { employeeId: unknown; values: unknown[] }[];
        errors: unknown;
      };
      for (const result of page.results) {
        expect(typeof result.employeeId).toBe("string");
        for (const value of result.values) expectValid(row, value);
      }
      expectValid(errors, page.errors);
    }
  });

  it("custom tables: metadata and entries", async () => {
    expectValid(
      validator(adapt(response("/people/custom-tables/metadata"))),
      (await call("GET", "/people/custom-tables/metadata")).json,
    );
    const entries = validator(adapt(response("/people/custom-tables/{employee_id}/{custom_table_id}")));
    for (const e of emu.company.employees.slice(0, 20)) {
      expectValid(
        entries,
        (await call("GET", `/people/custom-tables/${e.id}/${CUSTOM_TABLE_ID}?includeHumanReadable=true`))
          .json,
      );
    }
  });

  it("time-off changes: TimeoffChange, except employeeId is a 19-digit id (not a uuid) and createdOn has no timezone", async () => {
    const schema = JSON.parse(
      JSON.stringify(adapt(response("/timeoff/requests/changes")))
        .replaceAll('"format":"uuid"', '"x":1')
        .replaceAll('"format":"date-time"', '"x":1'),
    ) as unknown;
    const res = await call("GET", "/timeoff/requests/changes?since=2025-12-01T00:00:00Z&includePending=true");
    expectValid(validator(schema), res.json);
  });
});
