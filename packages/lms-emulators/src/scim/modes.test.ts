import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA as E, startScimEmulator } from "./index.js";
import type { ScimEmulator } from "./index.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

function client(scim: ScimEmulator) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${scim.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as unknown };
  };
}

const filter = (expression: string) => `/Users?filter=${encodeURIComponent(expression)}`;

describe('mode "scimmy": scimmy\'s own behaviour, quirks left in', () => {
  let scim: ScimEmulator;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    scim = await startScimEmulator({ mode: "scimmy" });
    call = client(scim);
  });
  afterAll(async () => {
    await scim.close();
  });

  it("misses a userName in another case, then refuses the create: the lookup-then-POST trap", async () => {
    await call("POST", "/Users", { userName: "Jane@Acme.test" });
    const lookup = await call("GET", filter('userName eq "jane@acme.test"'));
    expect(lookup.body).toMatchObject({ totalResults: 0 });
    const create = await call("POST", "/Users", { userName: "jane@acme.test" });
    expect(create.status).toBe(409);
  });

  it("answers a filter without a value with 200 and nothing, and never matches extension paths", async () => {
    await call("POST", "/Users", { userName: "sales", [E]: { department: "Sales" } });
    const malformed = await call("GET", filter("userName eq"));
    expect(malformed.status).toBe(200);
    expect(malformed.body).toMatchObject({ totalResults: 0 });
    const byDepartment = await call("GET", filter(`${E}:department eq "Sales"`));
    expect(byDepartment.body).toMatchObject({ totalResults: 0 });
  });

  it("fails a sub-attribute filter when some user lacks the parent attribute", async () => {
    await call("POST", "/Users", { userName: "no-emails" });
    const crashed = await call("GET", filter('emails.value eq "x@acme.test"'));
    expect(crashed.status).toBe(400);
  });

  it("answers an unchanged PATCH with 204 and takes any manager.value", async () => {
    const created = await call("POST", "/Users", {
      userName: "managed",
      active: true,
      [E]: { manager: { value: "not-an-id" } },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const unchanged = await call("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: true }],
    });
    expect(unchanged.status).toBe(204);
    expect(unchanged.body).toBeUndefined();
  });
});

describe("entraCompat: Entra ID's string booleans and capitalised ops", () => {
  let scim: ScimEmulator;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    scim = await startScimEmulator({ entraCompat: true });
    call = client(scim);
  });
  afterAll(async () => {
    await scim.close();
  });

  it('accepts "True"/"False" in POST bodies and in PATCH, with or without a path', async () => {
    const created = await call("POST", "/Users", {
      userName: "entra@acme.test",
      active: "True",
      emails: [{ value: "entra@acme.test", primary: "True" }],
    });
    expect(created.body).toMatchObject({ active: true, emails: [{ primary: true }] });
    const id = (created.body as { id: string }).id;
    const off = await call("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(off.body).toMatchObject({ active: false });
    const on = await call("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", value: { active: "True", "name.givenName": "Ent" } }],
    });
    expect(on.body).toMatchObject({ active: true, name: { givenName: "Ent" } });
  });

  it("still refuses strings that are not booleans", async () => {
    const refused = await call("POST", "/Users", { userName: "x", active: "Maybe" });
    expect(refused.status).toBe(400);
  });
});
