import { afterEach, describe, expect, it } from "vitest";
import {
  ENTERPRISE_USER_SCHEMA as E,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  SCIM_PROFILES,
  USER_SCHEMA,
  complexPatchBug,
  djangoScim2Default,
  noGroups,
  noPatch,
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

const learner = {
  schemas: [USER_SCHEMA, E],
  externalId: "3332883884017713938",
  userName: "jane@acme.test",
  name: { givenName: "Jane", familyName: "Doe" },
  displayName: "Janie",
  title: "Engineer",
  emails: [{ value: "jane@acme.test", type: "work", primary: true }],
  active: true,
  [E]: { department: "R&D" },
};

describe("djangoScim2Default — django-scim2 0.23 with its default adapter", () => {
  it("advertises more than it does: patch, the full User schema, the enterprise schema", async () => {
    const call = await start(djangoScim2Default);
    expect((await call("GET", "/ServiceProviderConfig")).body).toMatchObject({ patch: { supported: true } });
    const schemas = resources((await call("GET", "/Schemas")).body);
    expect(schemas.map((schema) => schema.id)).toEqual([USER_SCHEMA, E, GROUP_SCHEMA]);
    const userAttributes = (schemas[0]?.attributes as { name: string }[]).map((attribute) => attribute.name);
    expect(userAttributes).toEqual(
      expect.arrayContaining(["title", "addresses", "phoneNumbers", "userType"]),
    );
    const types = resources((await call("GET", "/ResourceTypes")).body);
    expect(types.map((type) => type.id)).toEqual(["User", "Group"]);
    expect(types[0]).not.toHaveProperty("schemaExtensions");
  });

  it("keeps userName, name, emails, active and externalId, and computes displayName", async () => {
    const call = await start(djangoScim2Default);
    const answer = await call("POST", "/Users", learner);
    expect(answer.status).toBe(201);
    const { id: _id, meta: _meta, ...kept } = answer.body as Record<string, unknown>;
    expect(kept).toEqual({
      schemas: [USER_SCHEMA],
      externalId: learner.externalId,
      userName: learner.userName,
      name: { givenName: "Jane", familyName: "Doe", formatted: "Jane Doe" },
      displayName: "Jane Doe",
      emails: learner.emails,
      active: true,
    });
  });

  it("PATCHes by replace on its five paths only: 501 elsewhere, 500 on the manager, status as a number", async () => {
    const call = await start(djangoScim2Default);
    const boss = await created(call, "/Users", { userName: "boss@acme.test" });
    const jane = await created(call, "/Users", learner);
    const patch = (...operations: Record<string, unknown>[]) =>
      call("PATCH", `/Users/${jane}`, patchOp(...operations));

    const replaced = await patch(
      { op: "replace", path: "active", value: false },
      { op: "replace", value: { "name.givenName": "Janet" } },
    );
    expect(replaced.body).toMatchObject({ active: false, displayName: "Janet Doe" });
    const notImplemented = { schemas: [ERROR_SCHEMA], status: 501, detail: "Not Implemented" };
    expect(await patch({ op: "replace", path: "title", value: "CTO" })).toEqual({
      status: 501,
      body: notImplemented,
    });
    expect(await patch({ op: "add", path: "emails", value: [{ value: "j@acme.test" }] })).toMatchObject({
      status: 501,
      body: notImplemented,
    });
    expect(await patch({ op: "replace", path: `${E}:manager`, value: { value: boss } })).toMatchObject({
      status: 500,
      body: { status: 500 },
    });
    expect(scim?.users.get(jane)).toMatchObject({ active: false, meta: { version: 'W/"2"' } });
  });

  it("takes a second user whose userName differs only in case; PUT still works", async () => {
    const call = await start(djangoScim2Default);
    const lower = await created(call, "/Users", { userName: "ana@x.com" });
    const upper = await created(call, "/Users", { userName: "Ana@X.com" });
    expect(scim?.users.count()).toBe(2);
    const put = await call("PUT", `/Users/${upper}`, { userName: "Ana@X.com", active: false, title: "CTO" });
    expect(put.body).toMatchObject({ active: false, displayName: "Ana@X.com" });
    expect(put.body).not.toHaveProperty("title");
    expect(lower).not.toBe(upper);
  });

  it("keeps groups and member PATCHes", async () => {
    const call = await start(djangoScim2Default);
    const jane = await created(call, "/Users", learner);
    const course = await created(call, "/Groups", { displayName: "Cybersecurity" });
    const added = await call(
      "PATCH",
      `/Groups/${course}`,
      patchOp({ op: "add", path: "members", value: [{ value: jane }] }),
    );
    expect(added.status).toBe(200);
    expect(scim?.groups.memberIds(course)).toEqual([jane]);
  });
});

describe("the one-option presets", () => {
  it("are the options they name, frozen, and listed in SCIM_PROFILES", () => {
    expect(noGroups).toEqual({ groups: false });
    expect(noPatch).toEqual({ patch: false });
    expect(complexPatchBug).toEqual({ complexPatch500: true });
    expect(SCIM_PROFILES).toEqual({ djangoScim2Default, noGroups, noPatch, complexPatchBug });
    expect(Object.isFrozen(djangoScim2Default)).toBe(true);
    expect(Object.isFrozen(djangoScim2Default.keeps)).toBe(true);
  });

  it("start servers that behave as named", async () => {
    const withoutGroups = await start(noGroups);
    expect((await withoutGroups("GET", "/Groups")).status).toBe(404);
    await scim?.close();
    const withoutPatch = await start({ ...noPatch, token: "another-token" });
    const jane = await created(withoutPatch, "/Users", { userName: "jane@acme.test" });
    const refused = await withoutPatch(
      "PATCH",
      `/Users/${jane}`,
      patchOp({ op: "replace", path: "active", value: false }),
    );
    expect(refused.status).toBe(501);
    await scim?.close();
    const buggy = await start(complexPatchBug);
    const boss = await created(buggy, "/Users", { userName: "boss@acme.test" });
    const manager = patchOp({ op: "replace", path: `${E}:manager`, value: { value: boss } });
    expect((await buggy("PATCH", `/Users/${boss}`, manager)).status).toBe(500);
  });
});
