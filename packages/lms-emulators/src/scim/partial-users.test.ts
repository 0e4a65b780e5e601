import { afterEach, describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA as E, USER_SCHEMA, startScimEmulator } from "./index.js";
import type { ScimEmulator, ScimEmulatorOptions } from "./index.js";
import { created, patchOp, resources, scimClient } from "./test-client.js";
import type { ScimCall } from "./test-client.js";

let scim: ScimEmulator | undefined;
async function start(options: ScimEmulatorOptions): Promise<ScimCall> {
  scim = await startScimEmulator(options);
  return scimClient(scim);
}
afterEach(async () => {
  await scim?.close();
  scim = undefined;
});

/** What an HRIS→LMS client sends for one learner: more than most LMS servers keep. */
const learner = {
  schemas: [USER_SCHEMA, E],
  externalId: "3332883884017713938",
  userName: "jane@acme.test",
  name: { givenName: "Jane", familyName: "Doe" },
  displayName: "Janie",
  title: "Engineer",
  emails: [{ value: "jane@acme.test", type: "work", primary: true }],
  active: true,
  [E]: { department: "R&D", employeeNumber: "42" },
};
const { schemas: _schemas, [E]: _extension, ...coreOnly } = learner;

describe("enterprise: false — a strict server refuses the extension", () => {
  const refusal = { status: 400, body: { status: "400", scimType: "invalidValue" } };

  it("refuses a POST naming it in schemas or carrying its attributes, and stores nothing", async () => {
    const call = await start({ enterprise: false });
    const named = await call("POST", "/Users", { ...coreOnly, schemas: [USER_SCHEMA, E] });
    expect(named).toMatchObject(refusal);
    expect((named.body as { detail: string }).detail).toContain(E);
    expect(await call("POST", "/Users", { ...coreOnly, [E]: { department: "R&D" } })).toMatchObject(refusal);
    expect(await call("POST", "/Users", { ...coreOnly, [`${E}:department`]: "R&D" })).toMatchObject(refusal);
    expect(scim?.users.count()).toBe(0);
    expect((await call("POST", "/Users", coreOnly)).status).toBe(201);
  });

  it("refuses a PUT or PATCH that carries it, with or without a path", async () => {
    const call = await start({ enterprise: false });
    const id = await created(call, "/Users", coreOnly);
    expect(await call("PUT", `/Users/${id}`, learner)).toMatchObject(refusal);
    const withPath = patchOp({ op: "replace", path: `${E}:department`, value: "R&D" });
    expect(await call("PATCH", `/Users/${id}`, withPath)).toMatchObject(refusal);
    const pathless = patchOp({ op: "replace", value: { active: false, [E]: { department: "R&D" } } });
    expect(await call("PATCH", `/Users/${id}`, pathless)).toMatchObject(refusal);
    expect(scim?.users.get(id)).toMatchObject({ active: true, meta: { version: 'W/"1"' } });
  });
});

describe("keeps — attributes the server stores; the rest is dropped without a word", () => {
  const keeps = ["userName", "name", "emails", "active"];

  it("creates 201 with only what it keeps (plus id, meta, schemas), and a read-back agrees", async () => {
    const call = await start({ keeps });
    const answer = await call("POST", "/Users", learner);
    expect(answer.status).toBe(201);
    const body = answer.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "active",
      "emails",
      "id",
      "meta",
      "name",
      "schemas",
      "userName",
    ]);
    expect(body.schemas).toEqual([USER_SCHEMA]);
    expect((await call("GET", `/Users/${String(body.id)}`)).body).toEqual(body);
    const listed = resources((await call("GET", "/Users")).body);
    expect(listed).toEqual([body]);
  });

  it("drops the same on PUT, and a PATCH of a dropped attribute changes nothing", async () => {
    const call = await start({ keeps });
    const id = await created(call, "/Users", coreOnly);
    const put = await call("PUT", `/Users/${id}`, { ...coreOnly, title: "Manager", active: false });
    expect(put.body).toMatchObject({ active: false, meta: { version: 'W/"2"' } });
    expect(put.body).not.toHaveProperty("title");
    const patched = await call(
      "PATCH",
      `/Users/${id}`,
      patchOp({ op: "replace", path: "title", value: "CTO" }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body).not.toHaveProperty("title");
    expect(patched.body).toMatchObject({ meta: { version: 'W/"2"' } });
  });

  it("keeps externalId when listed, so a client can still match on it", async () => {
    const call = await start({ keeps: [...keeps, "externalId"] });
    const id = await created(call, "/Users", learner);
    const found = await call(
      "GET",
      `/Users?filter=${encodeURIComponent(`externalId eq "${learner.externalId}"`)}`,
    );
    expect(resources(found.body).map((user) => user.id)).toEqual([id]);
  });
});

describe('displayName: "computed" — the server writes displayName from the name', () => {
  it("ignores the client's displayName and follows name changes", async () => {
    const call = await start({ displayName: "computed" });
    const id = await created(call, "/Users", learner);
    expect(scim?.users.get(id)).toMatchObject({
      displayName: "Jane Doe",
      name: { givenName: "Jane", familyName: "Doe", formatted: "Jane Doe" },
    });
    const renamed = await call(
      "PATCH",
      `/Users/${id}`,
      patchOp(
        { op: "replace", path: "name.familyName", value: "Roe" },
        { op: "replace", path: "displayName", value: "X" },
      ),
    );
    expect(renamed.body).toMatchObject({ displayName: "Jane Roe", name: { formatted: "Jane Roe" } });
  });

  it("falls back to the userName when a name part is missing (django-scim2's rule)", async () => {
    const call = await start({ displayName: "computed" });
    const id = await created(call, "/Users", { userName: "solo@acme.test", name: { givenName: "Solo" } });
    expect(scim?.users.get(id)).toMatchObject({ displayName: "solo@acme.test" });
  });
});

describe('enterprise: "dropped" — accepted, never stored', () => {
  it("creates the user without the extension, and a PATCH of it changes nothing", async () => {
    const call = await start({ enterprise: "dropped" });
    const answer = await call("POST", "/Users", learner);
    expect(answer.status).toBe(201);
    expect(answer.body).not.toHaveProperty([E]);
    expect((answer.body as { schemas: string[] }).schemas).toEqual([USER_SCHEMA]);
    const id = (answer.body as { id: string }).id;
    const patched = await call(
      "PATCH",
      `/Users/${id}`,
      patchOp({ op: "replace", path: `${E}:department`, value: "HR" }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body).not.toHaveProperty([E]);
    expect(patched.body).toMatchObject({ title: "Engineer", meta: { version: 'W/"1"' } });
  });
});

describe('userNameCase: "sensitive" — django-scim2 on Postgres', () => {
  const byUserName = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

  it("creates a second user whose userName differs only in case, and filters match exactly", async () => {
    const call = await start({ userNameCase: "sensitive" });
    const lower = await created(call, "/Users", { userName: "ana@x.com" });
    const upper = await created(call, "/Users", { userName: "Ana@X.com" });
    expect(upper).not.toBe(lower);
    expect(resources((await call("GET", byUserName("ana@x.com"))).body).map((u) => u.id)).toEqual([lower]);
    expect(resources((await call("GET", byUserName("Ana@X.com"))).body).map((u) => u.id)).toEqual([upper]);
    expect(resources((await call("GET", byUserName("ANA@X.COM"))).body)).toEqual([]);
    expect(scim?.users.byUserName("Ana@X.com")?.id).toBe(upper);
    expect((await call("POST", "/Users", { userName: "ana@x.com" })).status).toBe(409);
  });

  it("leaves the default case-insensitive (RFC 7643 caseExact false)", async () => {
    const call = await start({});
    await created(call, "/Users", { userName: "ana@x.com" });
    expect((await call("POST", "/Users", { userName: "Ana@X.com" })).status).toBe(409);
    expect(resources((await call("GET", byUserName("ANA@X.COM"))).body)).toHaveLength(1);
  });
});
