import { afterEach, describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA as E, ERROR_SCHEMA, startScimEmulator } from "./index.js";
import type { ScimEmulator, ScimEmulatorOptions } from "./index.js";
import { created, patchOp } from "./test-client.js";
import { scimClient } from "./test-client.js";
import type { ScimCall } from "./test-client.js";

let scim: ScimEmulator | undefined;
let call: ScimCall;
let jane: string;
let boss: string;

/** A server with two users, Jane and her future manager. */
async function start(options: ScimEmulatorOptions): Promise<void> {
  scim = await startScimEmulator(options);
  call = scimClient(scim);
  boss = await created(call, "/Users", { userName: "boss@acme.test" });
  jane = await created(call, "/Users", {
    userName: "jane@acme.test",
    name: { givenName: "Jane", familyName: "Doe" },
    title: "Engineer",
    active: true,
  });
}
afterEach(async () => {
  await scim?.close();
  scim = undefined;
});

const patchJane = (...operations: Record<string, unknown>[]) =>
  call("PATCH", `/Users/${jane}`, patchOp(...operations));
function unchanged(): void {
  expect(scim?.users.get(jane)).toMatchObject({ meta: { version: 'W/"1"' } });
}

const NOT_IMPLEMENTED = { schemas: [ERROR_SCHEMA], status: "501", detail: "Not Implemented" };

describe("patchable — the PATCH paths the server implements", () => {
  const patchable = ["userName", "name", "name.givenName", "name.familyName", "emails", "active"];

  it("applies a listed path, with or without a value filter on a listed attribute", async () => {
    await start({ patchable });
    expect((await patchJane({ op: "replace", path: "active", value: false })).status).toBe(200);
    expect((await patchJane({ op: "replace", path: "name.givenName", value: "Janet" })).status).toBe(200);
    const email = { op: "add", path: "emails", value: [{ value: "j@acme.test", type: "work" }] };
    expect((await patchJane(email)).status).toBe(200);
    expect((await patchJane({ op: "remove", path: 'emails[type eq "work"]' })).status).toBe(200);
    expect(scim?.users.get(jane)).toMatchObject({ active: false, name: { givenName: "Janet" } });
  });

  it("answers any other path 501 with exactly django-scim2's body, and changes nothing", async () => {
    await start({ patchable });
    for (const operation of [
      { op: "replace", path: "title", value: "CTO" },
      { op: "replace", path: `${E}:department`, value: "R&D" },
      { op: "remove", path: "title" },
      { op: "replace", path: 'emails[type eq "work"].value', value: "x@acme.test" },
    ]) {
      const refused = await patchJane(operation);
      expect(refused.status).toBe(501);
      expect(refused.body).toEqual(NOT_IMPLEMENTED);
    }
    unchanged();
  });

  it("checks every key of a path-less value, and refuses the whole PATCH when one op is refused", async () => {
    await start({ patchable });
    expect((await patchJane({ op: "replace", value: { active: false, title: "CTO" } })).status).toBe(501);
    const mixed = await patchJane(
      { op: "replace", path: "active", value: false },
      { op: "replace", value: { [E]: { department: "R&D" } } },
    );
    expect(mixed.status).toBe(501);
    unchanged();
    expect(
      (await patchJane({ op: "replace", value: { active: false, "name.familyName": "Roe" } })).status,
    ).toBe(200);
  });
});

describe("patchOps — the PATCH ops the server implements", () => {
  it("answers an op it lacks 501, whatever the path", async () => {
    await start({ patchOps: ["replace"] });
    expect(await patchJane({ op: "add", path: "title", value: "CTO" })).toMatchObject({
      status: 501,
      body: NOT_IMPLEMENTED,
    });
    expect((await patchJane({ op: "Remove", path: "title" })).status).toBe(501);
    unchanged();
    expect((await patchJane({ op: "Replace", path: "title", value: "CTO" })).status).toBe(200);
  });
});

describe("complexPatch500 — the complex-value bug", () => {
  const serverBug = {
    status: 500,
    body: {
      schemas: [ERROR_SCHEMA],
      status: "500",
      detail: "Exception occurred while processing the SCIM request",
    },
  };

  it("answers 500 for a manager however it is written, and for any object value with a path", async () => {
    await start({ complexPatch500: true });
    for (const operation of [
      { op: "replace", path: `${E}:manager`, value: { value: boss } },
      { op: "add", path: `${E}:manager`, value: { value: boss } },
      { op: "replace", path: `${E}:manager.value`, value: boss },
      { op: "replace", value: { [`${E}:manager`]: { value: boss } } },
      { op: "replace", value: { [E]: { manager: { value: boss } } } },
      { op: "replace", path: "name", value: { givenName: "Janet" } },
    ]) {
      expect(await patchJane(operation)).toMatchObject(serverBug);
    }
    unchanged();
  });

  it("lets simple values, path-less values without a manager, and removals through", async () => {
    await start({ complexPatch500: true });
    expect((await patchJane({ op: "replace", path: "title", value: "CTO" })).status).toBe(200);
    expect(
      (await patchJane({ op: "replace", value: { active: false, name: { givenName: "Janet" } } })).status,
    ).toBe(200);
    expect((await patchJane({ op: "remove", path: `${E}:manager` })).status).toBe(200);
    expect(scim?.users.get(jane)).toMatchObject({
      title: "CTO",
      active: false,
      name: { givenName: "Janet" },
    });
  });

  it("leaves PUT of the manager working, the fallback a client has", async () => {
    await start({ complexPatch500: true });
    const put = await call("PUT", `/Users/${jane}`, {
      userName: "jane@acme.test",
      [E]: { manager: { value: boss } },
    });
    expect(put).toMatchObject({ status: 200, body: { [E]: { manager: { value: boss } } } });
  });
});

describe('errorStatus: "number"', () => {
  it("sends status as a JSON number in every error body", async () => {
    await start({ errorStatus: "number", patchable: ["active"] });
    expect((await patchJane({ op: "replace", path: "title", value: "CTO" })).body).toEqual({
      ...NOT_IMPLEMENTED,
      status: 501,
    });
    expect((await call("GET", "/Users/nobody")).body).toMatchObject({ status: 404 });
    expect((await call("POST", "/Users", { userName: "jane@acme.test" })).body).toMatchObject({
      status: 409,
      scimType: "uniqueness",
    });
  });
});
