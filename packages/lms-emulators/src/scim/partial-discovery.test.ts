import { afterEach, describe, expect, it } from "vitest";
import {
  ENTERPRISE_USER_SCHEMA as E,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  startScimEmulator,
} from "./index.js";
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

const ids = (body: unknown) => resources(body).map((resource) => resource.id);

describe("groups: false — a Users-only server", () => {
  it("answers every /Groups request 404 with a SCIM error body", async () => {
    const call = await start({ groups: false });
    const attempts = [
      call("GET", "/Groups"),
      call("POST", "/Groups", { displayName: "Cybersecurity" }),
      call("GET", "/Groups/0b6f3a52-2f6e-4f3b-9c64-1f1e0c1f6f00"),
      call("PUT", "/Groups/0b6f3a52-2f6e-4f3b-9c64-1f1e0c1f6f00", { displayName: "x" }),
      call("PATCH", "/Groups/0b6f3a52-2f6e-4f3b-9c64-1f1e0c1f6f00", patchOp({ op: "add", path: "members" })),
      call("DELETE", "/Groups/0b6f3a52-2f6e-4f3b-9c64-1f1e0c1f6f00"),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "404" });
    }
  });

  it("lists only User in /ResourceTypes and no Group schema in /Schemas", async () => {
    const call = await start({ groups: false });
    expect(ids((await call("GET", "/ResourceTypes")).body)).toEqual(["User"]);
    expect((await call("GET", "/ResourceTypes/Group")).status).toBe(404);
    expect(ids((await call("GET", "/Schemas")).body)).toEqual([USER_SCHEMA, E]);
    expect((await call("GET", `/Schemas/${GROUP_SCHEMA}`)).status).toBe(404);
  });

  it("refuses to seed a group through the handle too", async () => {
    await start({ groups: false });
    expect(() => scim?.groups.add({ displayName: "Cybersecurity" })).toThrow(/no Groups/);
  });
});

describe("patch: false — changes only by PUT", () => {
  it("says patch.supported false and answers PATCH on Users and Groups 501 with a detail", async () => {
    const call = await start({ patch: false });
    expect((await call("GET", "/ServiceProviderConfig")).body).toMatchObject({ patch: { supported: false } });
    const jane = await created(call, "/Users", { userName: "jane@acme.test", active: true });
    const course = await created(call, "/Groups", { displayName: "HIPAA" });
    for (const path of [`/Users/${jane}`, `/Groups/${course}`]) {
      const refused = await call("PATCH", path, patchOp({ op: "replace", path: "active", value: false }));
      expect(refused.status).toBe(501);
      expect(refused.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "501" });
      expect((refused.body as { detail: string }).detail).toMatch(/PATCH is not supported/);
    }
    expect(scim?.users.get(jane)).toMatchObject({ active: true, meta: { version: 'W/"1"' } });
    const put = await call("PUT", `/Users/${jane}`, { userName: "jane@acme.test", active: false });
    expect(put).toMatchObject({ status: 200, body: { active: false } });
  });
});

describe("enterprise — a server without the enterprise User extension", () => {
  it("false: no schemaExtensions on User and no extension schema", async () => {
    const call = await start({ enterprise: false });
    const [user] = resources((await call("GET", "/ResourceTypes")).body);
    expect(user).toMatchObject({ id: "User", schema: USER_SCHEMA });
    expect(user).not.toHaveProperty("schemaExtensions");
    expect((await call("GET", "/ResourceTypes/User")).body).not.toHaveProperty("schemaExtensions");
    expect(ids((await call("GET", "/Schemas")).body)).toEqual([USER_SCHEMA, GROUP_SCHEMA]);
    expect((await call("GET", `/Schemas/${E}`)).status).toBe(404);
  });

  it('"dropped": no schemaExtensions on User, yet /Schemas still lists it (static schema files)', async () => {
    const call = await start({ enterprise: "dropped" });
    expect((await call("GET", "/ResourceTypes/User")).body).not.toHaveProperty("schemaExtensions");
    expect(ids((await call("GET", "/Schemas")).body)).toEqual([USER_SCHEMA, E, GROUP_SCHEMA]);
  });

  it("true (the default): advertised as an optional extension", async () => {
    const call = await start({});
    expect((await call("GET", "/ResourceTypes/User")).body).toMatchObject({
      schemaExtensions: [{ schema: E, required: false }],
    });
  });
});
