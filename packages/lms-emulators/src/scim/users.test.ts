import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA as E, startScimEmulator } from "./index.js";
import type { ScimEmulator } from "./index.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

let scim: ScimEmulator;

async function call(method: string, path: string, body?: unknown, token = scim.token) {
  const response = await fetch(`${scim.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
    body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as unknown,
  };
}

async function create(user: Record<string, unknown>): Promise<string> {
  const created = await call("POST", "/Users", user);
  expect(created.status).toBe(201);
  return (created.body as { id: string }).id;
}

function filter(expression: string): string {
  return `/Users?filter=${encodeURIComponent(expression)}`;
}

function ids(body: unknown): string[] {
  return (body as { Resources: { id: string }[] }).Resources.map((resource) => resource.id);
}

function patch(...operations: Record<string, unknown>[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

beforeAll(async () => {
  scim = await startScimEmulator();
});
afterAll(async () => {
  await scim.close();
});
beforeEach(() => {
  scim.reset();
});

describe("SCIM /Users", () => {
  it("creates a user: 201, Location, application/scim+json, server-owned id and meta", async () => {
    const created = await call("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", E],
      externalId: "3332883884017713938",
      userName: "jane@acme.test",
      active: true,
      name: { givenName: "Jane", familyName: "Doe" },
      title: "Engineer",
      userType: "Employee",
      emails: [{ value: "jane@acme.test", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 650 312 1122", type: "mobile" }],
      [E]: { employeeNumber: "17", department: "R&D" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/scim+json");
    const user = created.body as { id: string; meta: { location: string; resourceType: string } };
    expect(created.headers.get("location")).toBe(`${scim.baseUrl}/Users/${user.id}`);
    expect(user.meta).toMatchObject({ resourceType: "User", location: `${scim.baseUrl}/Users/${user.id}` });
    expect(user).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", E],
      userName: "jane@acme.test",
      externalId: "3332883884017713938",
      [E]: { employeeNumber: "17", department: "R&D" },
      emails: [{ value: "jane@acme.test", type: "work", primary: true }],
    });

    const read = await call("GET", `/Users/${user.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(user);
    expect(scim.users.byUserName("JANE@acme.test")).toEqual(user);
  });

  it("answers an unknown id with a SCIM 404", async () => {
    const missing = await call("GET", "/Users/does-not-exist");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ schemas: [ERROR], status: "404" });
  });

  it("demands the bearer token and answers 401 in SCIM form", async () => {
    for (const token of ["", "wrong"]) {
      const refused = await call("GET", "/Users", undefined, token);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(refused.body).toMatchObject({ schemas: [ERROR], status: "401" });
    }
  });

  it("keeps userName unique case-insensitively: POST and PUT get 409 uniqueness", async () => {
    await create({ userName: "jane@acme.test" });
    const other = await create({ userName: "john@acme.test" });
    const duplicate = await call("POST", "/Users", { userName: "Jane@ACME.test" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      schemas: [ERROR],
      status: "409",
      scimType: "uniqueness",
      detail: "userName 'Jane@ACME.test' is already taken",
    });
    const renamed = await call("PUT", `/Users/${other}`, { userName: "JANE@acme.test" });
    expect(renamed.status).toBe(409);
    expect(scim.users.count()).toBe(2);
  });

  it("filters by userName case-insensitively and by externalId exactly", async () => {
    const jane = await create({ userName: "Jane@Acme.test", externalId: "abc" });
    await create({ userName: "john@acme.test", externalId: "ABC" });
    expect(ids((await call("GET", filter('userName eq "jane@acme.test"'))).body)).toEqual([jane]);
    expect(ids((await call("GET", filter('externalId eq "abc"'))).body)).toEqual([jane]);
    expect(ids((await call("GET", filter('userName eq "nobody@acme.test"'))).body)).toEqual([]);
  });

  it("filters on emails and on enterprise attributes, even when some users lack them", async () => {
    await create({ userName: "no-email" });
    const jane = await create({
      userName: "jane",
      emails: [{ value: "Jane@Acme.test", type: "work" }],
      [E]: { department: "R&D" },
    });
    expect(ids((await call("GET", filter('emails[type eq "work"].value eq "jane@acme.test"'))).body)).toEqual(
      [jane],
    );
    expect(ids((await call("GET", filter(`${E}:department eq "r&d"`))).body)).toEqual([jane]);
  });

  it.each(["userName eq", 'userName zz "x"', '(userName eq "x"'])(
    "refuses the malformed filter %s",
    async (expression) => {
      const refused = await call("GET", filter(expression));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ schemas: [ERROR], scimType: "invalidFilter" });
    },
  );

  it("pages with a 1-based startIndex and count", async () => {
    const all: string[] = [];
    for (let i = 1; i <= 5; i++) all.push(await create({ userName: `user${i}` }));
    const page = await call("GET", "/Users?startIndex=2&count=2");
    expect(page.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 5,
      itemsPerPage: 2,
      startIndex: 2,
    });
    expect(ids(page.body)).toEqual(all.slice(1, 3));
    // The case scimmy's ListResponse gets wrong on a pre-cut page.
    expect(ids((await call("GET", "/Users?startIndex=3&count=5")).body)).toEqual(all.slice(2));
    expect(ids((await call("GET", "/Users?startIndex=0&count=1")).body)).toEqual(all.slice(0, 1));
    expect((await call("GET", "/Users?count=0")).body).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
    expect((await call("GET", "/Users?count=many")).status).toBe(400);
  });

  it("deactivates and reactivates with PATCH, and patches an enterprise attribute by path", async () => {
    const id = await create({ userName: "jane", active: true, [E]: { department: "R&D" } });
    const off = await call("PATCH", `/Users/${id}`, patch({ op: "replace", path: "active", value: false }));
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, meta: { version: 'W/"2"' } });
    const moved = await call(
      "PATCH",
      `/Users/${id}`,
      patch(
        { op: "replace", value: { active: true } },
        { op: "replace", path: `${E}:department`, value: "Sales" },
      ),
    );
    expect(moved.body).toMatchObject({ active: true, [E]: { department: "Sales" } });
    const added = await call("PATCH", `/Users/${id}`, patch({ op: "add", path: "title", value: "Lead" }));
    expect(added.body).toMatchObject({ title: "Lead" });
    const removed = await call("PATCH", `/Users/${id}`, patch({ op: "remove", path: "title" }));
    expect(removed.body).not.toHaveProperty("title");
  });

  it("answers an unchanged PATCH with 200 and the same version", async () => {
    const id = await create({ userName: "jane", active: true });
    const same = await call("PATCH", `/Users/${id}`, patch({ op: "replace", path: "active", value: true }));
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ meta: { version: 'W/"1"' } });
  });

  it("refuses string booleans outside Entra-compat mode", async () => {
    const id = await create({ userName: "jane", active: true });
    const refused = await call(
      "PATCH",
      `/Users/${id}`,
      patch({ op: "Replace", path: "active", value: "False" }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ scimType: "invalidValue" });
  });

  it("replaces the whole user with PUT", async () => {
    const id = await create({ userName: "jane", title: "Engineer", displayName: "Jane" });
    const replaced = await call("PUT", `/Users/${id}`, { userName: "jane", displayName: "Jane D." });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id, displayName: "Jane D." });
    expect(replaced.body).not.toHaveProperty("title");
    expect((await call("PUT", "/Users/missing", { userName: "x" })).status).toBe(404);
  });

  it("deletes with 204, after which the user is gone", async () => {
    const id = await create({ userName: "jane" });
    expect((await call("DELETE", `/Users/${id}`)).status).toBe(204);
    expect((await call("GET", `/Users/${id}`)).status).toBe(404);
    expect((await call("DELETE", `/Users/${id}`)).status).toBe(404);
  });

  it("checks manager.value against its own ids and fills in the manager's displayName", async () => {
    const refused = await call("POST", "/Users", {
      userName: "jane",
      [E]: { manager: { value: "hibob-123" } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ scimType: "invalidValue" });
    const boss = await create({ userName: "boss", displayName: "The Boss" });
    const jane = await call("POST", "/Users", { userName: "jane", [E]: { manager: { value: boss } } });
    expect(jane.body).toMatchObject({
      [E]: { manager: { value: boss, displayName: "The Boss", $ref: `${scim.baseUrl}/Users/${boss}` } },
    });
  });

  it("honours attributes and excludedAttributes", async () => {
    const id = await create({ userName: "jane", title: "Engineer" });
    const only = await call("GET", `/Users/${id}?attributes=userName`);
    expect(only.body).toEqual({ id, userName: "jane" });
    const without = await call("GET", `/Users/${id}?excludedAttributes=title`);
    expect(without.body).toMatchObject({ userName: "jane" });
    expect(without.body).not.toHaveProperty("title");
  });

  it("rejects bodies that are not a valid user", async () => {
    expect((await call("POST", "/Users", "{not json")).body).toMatchObject({
      status: "400",
      scimType: "invalidSyntax",
    });
    expect((await call("POST", "/Users", [])).body).toMatchObject({
      status: "400",
      scimType: "invalidSyntax",
    });
    expect((await call("POST", "/Users", { userName: "  " })).body).toMatchObject({
      scimType: "invalidValue",
    });
    expect((await call("POST", "/Users", { displayName: "no userName" })).status).toBe(400);
    expect((await call("POST", "/Users", { userName: "x", active: "yes" })).status).toBe(400);
  });
});
