import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScimEmulator } from "./index.js";
import type { ScimEmulator } from "./index.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

let scim: ScimEmulator;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${scim.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as unknown };
}

async function create(path: "/Users" | "/Groups", resource: Record<string, unknown>): Promise<string> {
  const created = await call("POST", path, resource);
  expect(created.status).toBe(201);
  return (created.body as { id: string }).id;
}

function members(...userIds: string[]) {
  return userIds.map((value) => ({ value }));
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

describe("SCIM /Groups (courses as group membership)", () => {
  it("creates a group, refuses a second one with the same name, and finds it by displayName", async () => {
    const course = await create("/Groups", { displayName: "Harassment Prevention (Supervisor)" });
    const twin = await call("POST", "/Groups", { displayName: "harassment prevention (supervisor)" });
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ scimType: "uniqueness" });
    const found = await call(
      "GET",
      `/Groups?filter=${encodeURIComponent('displayName eq "HARASSMENT prevention (Supervisor)"')}`,
    );
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: course }] });
  });

  it("adds and removes members with PATCH, and users list their groups", async () => {
    const jane = await create("/Users", { userName: "jane" });
    const john = await create("/Users", { userName: "john" });
    const course = await create("/Groups", { displayName: "Cybersecurity" });

    const added = await call("PATCH", `/Groups/${course}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: members(jane, john) }],
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ members: members(jane, john) });
    expect((await call("GET", `/Users/${jane}`)).body).toMatchObject({
      groups: [{ value: course, display: "Cybersecurity", type: "direct" }],
    });
    const byMember = await call("GET", `/Users?filter=${encodeURIComponent(`groups.value eq "${course}"`)}`);
    expect(byMember.body).toMatchObject({ totalResults: 2 });

    const removed = await call("PATCH", `/Groups/${course}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "remove", path: `members[value eq "${jane}"]` }],
    });
    expect(removed.body).toMatchObject({ members: members(john) });
    expect((await call("GET", `/Users/${jane}`)).body).not.toHaveProperty("groups");
    expect(scim.groups.memberIds("Cybersecurity")).toEqual([john]);
  });

  it("refuses members that are not ids on this server", async () => {
    const course = await create("/Groups", { displayName: "HIPAA" });
    const refused = await call("PATCH", `/Groups/${course}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: "jane@acme.test" }] }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ scimType: "invalidValue" });
    expect(scim.groups.memberIds(course)).toEqual([]);
  });

  it("drops a deleted user from every group", async () => {
    const jane = await create("/Users", { userName: "jane" });
    const course = await create("/Groups", { displayName: "DEI", members: members(jane) });
    expect((await call("DELETE", `/Users/${jane}`)).status).toBe(204);
    const group = await call("GET", `/Groups/${course}`);
    expect(group.body).not.toHaveProperty("members");
    expect(group.body).toMatchObject({ meta: { version: 'W/"2"' } });
  });

  it("replaces with PUT, hides members on request, and deletes", async () => {
    const jane = await create("/Users", { userName: "jane" });
    const course = await create("/Groups", { displayName: "Onboarding" });
    const replaced = await call("PUT", `/Groups/${course}`, {
      displayName: "Onboarding 2",
      members: members(jane),
    });
    expect(replaced.body).toMatchObject({ displayName: "Onboarding 2", members: members(jane) });
    const slim = await call("GET", `/Groups/${course}?excludedAttributes=members`);
    expect(slim.body).toMatchObject({ displayName: "Onboarding 2" });
    expect(slim.body).not.toHaveProperty("members");
    expect((await call("DELETE", `/Groups/${course}`)).status).toBe(204);
    expect((await call("GET", `/Groups/${course}`)).status).toBe(404);
    expect((await call("GET", `/Users/${jane}`)).body).not.toHaveProperty("groups");
  });
});
