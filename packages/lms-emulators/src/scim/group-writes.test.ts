import { afterEach, describe, expect, it } from "vitest";
import { requestTally, startScimEmulator } from "./index.js";
import type { ScimEmulator, ScimEmulatorOptions } from "./index.js";
import { idOf, patchOp, scimClient } from "./test-client.js";
import type { ScimCall } from "./test-client.js";

let scim: ScimEmulator | undefined;
let call: ScimCall;
afterEach(async () => {
  await scim?.close();
  scim = undefined;
});

/** A course and `size` learners, seeded through the handle so the counters start at zero. */
async function start(
  options: ScimEmulatorOptions,
  size: number,
): Promise<{ server: ScimEmulator; course: string; users: string[] }> {
  scim = await startScimEmulator(options);
  call = scimClient(scim);
  const server = scim;
  const users = Array.from({ length: size }, (_, index) => {
    return idOf(server.users.add({ userName: `learner${index}@acme.test` }));
  });
  const course = idOf(server.groups.add({ displayName: "Cybersecurity" }));
  return { server, course, users };
}

const members = (ids: readonly string[]) => ids.map((value) => ({ value }));

describe("group membership by PATCH: many members in one operation (RFC 7644 §3.5.2.1)", () => {
  it("adds 300 members with one request and one operation", async () => {
    const { server, course, users } = await start({}, 300);
    const added = await call(
      "PATCH",
      `/Groups/${course}?excludedAttributes=members`,
      patchOp({ op: "add", path: "members", value: members(users) }),
    );
    expect(added.status).toBe(200);
    expect(server.groups.memberIds(course)).toEqual(users);
    expect(server.users.get(users[299] ?? "")).toMatchObject({ groups: [{ value: course }] });
    expect(requestTally(server.requests())).toMatchObject({ reads: 0, writes: 1 });
  });

  it("honours excludedAttributes=members and attributes= on the PATCH answer", async () => {
    const { server, course, users } = await start({}, 3);
    const slim = await call(
      "PATCH",
      `/Groups/${course}?excludedAttributes=members`,
      patchOp({ op: "add", path: "members", value: members(users.slice(0, 2)) }),
    );
    expect(slim.body).toMatchObject({ id: course, displayName: "Cybersecurity" });
    expect(slim.body).not.toHaveProperty("members");
    const named = await call(
      "PATCH",
      `/Groups/${course}?attributes=displayName`,
      patchOp({ op: "add", path: "members", value: members(users.slice(2)) }),
    );
    expect(named.body).toMatchObject({ id: course, displayName: "Cybersecurity" });
    expect(named.body).not.toHaveProperty("members");
    expect(server.groups.memberIds(course)).toEqual(users);
  });

  it("refuses the whole operation when one member is unknown (strict), adding none", async () => {
    const { server, course, users } = await start({}, 2);
    const refused = await call(
      "PATCH",
      `/Groups/${course}`,
      patchOp({ op: "add", path: "members", value: [...members(users), { value: "jane@acme.test" }] }),
    );
    expect(refused).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(server.groups.memberIds(course)).toEqual([]);
  });
});

describe("group membership by PUT (patch: false): the full member list each time", () => {
  it("replaces the membership, so users left out lose the group", async () => {
    const { server, course, users } = await start({ patch: false }, 3);
    const [ana = "", ben = "", cy = ""] = users;
    const first = await call("PUT", `/Groups/${course}`, {
      displayName: "Cybersecurity",
      members: members([ana, ben]),
    });
    expect(first).toMatchObject({ status: 200, body: { members: members([ana, ben]) } });
    const second = await call("PUT", `/Groups/${course}?excludedAttributes=members`, {
      displayName: "Cybersecurity",
      members: members([ben, cy]),
    });
    expect(second.status).toBe(200);
    expect(second.body).not.toHaveProperty("members");
    expect(server.groups.memberIds(course)).toEqual([ben, cy]);
    expect(server.users.get(ana)).not.toHaveProperty("groups");
    expect(server.users.get(cy)).toMatchObject({ groups: [{ value: course, display: "Cybersecurity" }] });
  });

  it("refuses a member id that is not on this server, changing nothing", async () => {
    const { server, course, users } = await start({ patch: false }, 1);
    await call("PUT", `/Groups/${course}`, { displayName: "Cybersecurity", members: members(users) });
    const refused = await call("PUT", `/Groups/${course}`, {
      displayName: "Cybersecurity",
      members: [...members(users), { value: "3332883884017713938" }],
    });
    expect(refused).toMatchObject({ status: 400, body: { status: "400", scimType: "invalidValue" } });
    expect((refused.body as { detail: string }).detail).toContain("3332883884017713938");
    expect(server.groups.memberIds(course)).toEqual(users);
  });

  it("counts writes and reads per collection", async () => {
    const { server, course, users } = await start({ patch: false }, 2);
    await call("GET", `/Groups/${course}`);
    await call("PUT", `/Groups/${course}`, { displayName: "Cybersecurity", members: members(users) });
    await call("GET", "/Users");
    expect(requestTally(server.requests())).toEqual({
      reads: 2,
      writes: 1,
      byCollection: { Groups: { reads: 1, writes: 1 }, Users: { reads: 1, writes: 0 } },
    });
  });
});
