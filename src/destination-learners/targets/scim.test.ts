import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import { manualClock } from "@hibob-learners/emulator-kit";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator, ScimEmulatorOptions } from "@hibob-learners/lms-emulators/scim";
import type { JsonObject } from "@hibob-learners/emulator-kit";
import { ConfigError } from "../../protocol/index.js";
import type { Learner } from "../learner.js";
import type { PlanOptions } from "../plan/index.js";
import { planChanges } from "../plan/index.js";
import { openScimTarget } from "./scim.js";
import type { ScimTargetOptions } from "./scim.js";
import type { Target } from "./target.js";
import { startRewritingProxy } from "../../../test/helpers/rewriting-proxy.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const OPTIONS: PlanOptions = {
  archive_terminated: true,
  archive_missing: false,
  max_archive_percent: 100,
  course_rules: [{ course: "Onboarding", when: "new_learner" }],
  notify_new_learners: true,
};

const waits: number[] = [];
const fakeSleep = (ms: number) => {
  waits.push(ms);
  return Promise.resolve();
};

function open(scim: ScimEmulator, options: ScimTargetOptions = {}): Target {
  return openScimTarget(
    { type: "scim", base_url: scim.baseUrl, token: scim.token },
    { sleep: fakeSleep, random: () => 0.5, ...options },
  );
}

async function sync(target: Target, desired: readonly Learner[], options: Partial<PlanOptions> = {}) {
  const current = await target.load();
  const plan = planChanges(current.learners, desired, current.assignments, { ...OPTIONS, ...options });
  return { plan, result: await target.apply(plan) };
}

const people = (count: number, from = 1) =>
  Array.from({ length: count }, (_, index) => learner(String(from + index)));

function idOf(scim: ScimEmulator, externalId: string): string {
  const [user] = scim.users.byExternalId(externalId);
  const id = user?.id;
  if (typeof id !== "string") throw new Error(`no user with externalId ${externalId}`);
  return id;
}

const enterprise = (user: JsonObject | undefined) =>
  user?.[ENTERPRISE] as Record<string, unknown> | undefined;

describe.each(["strict", "scimmy"] as const)("SCIM target against a %s server", (mode) => {
  let scim: ScimEmulator;
  let target: Target;
  const start = async (options: ScimEmulatorOptions = {}) => {
    // Pages of 3, whatever count the client asks for: paging must follow what the server sends.
    scim = await startScimEmulator({ mode, maxPageSize: 3, ...options });
    target = open(scim);
  };
  beforeEach(async () => {
    waits.length = 0;
    await start();
  });
  afterEach(async () => {
    await target.close();
    await scim.close();
  });

  it("creates learners as users with the enterprise extension, and load reads them back across pages", async () => {
    const desired = [...people(6), learner("7", { phone: "+44 20 7946 0000", role: "supervisor" })];
    const { result } = await sync(target, desired);
    expect(result).toMatchObject({ created: 7, assigned: 7, notified: 0, rejects: [] });

    const user = scim.users.byUserName("p7@acme.test");
    expect(user).toMatchObject({
      externalId: "7",
      userName: "p7@acme.test",
      active: true,
      name: { givenName: "P", familyName: "7" },
      displayName: "P 7",
      title: "Engineer",
      userType: "Full time",
      emails: [{ value: "p7@acme.test", type: "work", primary: true }],
      phoneNumbers: [{ value: "+44 20 7946 0000", type: "mobile" }],
      addresses: [{ type: "work", locality: "London" }],
      roles: [{ value: "supervisor", primary: true }],
      [ENTERPRISE]: { department: "R&D" },
    });
    expect(scim.groups.memberIds("Onboarding")).toHaveLength(7);

    const loaded = await target.load();
    expect(loaded.learners).toHaveLength(7);
    const seven = loaded.learners.find((entry) => entry.learner.external_id === "7");
    // start_date has no SCIM attribute; everything else comes back as written, with meta.created.
    const meta = user?.meta as { created?: string } | undefined;
    expect(meta?.created).toEqual(expect.any(String));
    expect(seven).toEqual({
      ref: user?.id,
      learner: { ...desired[6], start_date: null },
      created_at: meta?.created,
    });
    expect(loaded.assignments).toHaveLength(7);
    expect(loaded.assignments).toContainEqual({ ref: user?.id, course: "Onboarding" });
  });

  it("writes nothing when nothing changed, and one PATCH when one field did", async () => {
    const desired = people(4);
    await sync(target, desired);
    scim.resetRequests();
    const again = await sync(target, desired);
    expect(again.result).toMatchObject({ created: 0, updated: 0, assigned: 0 });
    expect(scim.requests().writes).toBe(0);

    const before = scim.users.byUserName("p2@acme.test");
    const changed = desired.map((entry) => (entry.external_id === "2" ? { ...entry, title: "Lead" } : entry));
    const { plan, result } = await sync(target, changed);
    expect(plan.updates.find((entry) => entry.learner.external_id === "2")?.changes).toEqual(
      expect.arrayContaining([{ field: "title", from: "Engineer", to: "Lead" }]),
    );
    expect(result.updated).toBe(1);
    expect(scim.requests().writes).toBe(1);
    expect(scim.requests().byRoute["PATCH /Users/:id"]).toBe(1);
    const after = scim.users.byUserName("p2@acme.test");
    expect(after).toMatchObject({ id: before?.id, title: "Lead", name: { givenName: "P", familyName: "2" } });
  });

  it("reads the directory once per sync: a later batch is planned against what earlier ones wrote", async () => {
    const loadMatching = target.loadMatching?.bind(target);
    if (loadMatching === undefined) throw new Error("the SCIM target loads matching learners");
    const first = await loadMatching(["1", "2"], []);
    await target.apply(planChanges(first.learners, people(2), first.assignments, OPTIONS));
    const reads = scim.requests().byRoute["GET /Users"];

    const second = await loadMatching(["1", "3"], ["p2@acme.test"]);
    expect(scim.requests().byRoute["GET /Users"]).toBe(reads);
    expect(second.learners.map((entry) => [entry.ref, entry.learner.external_id])).toEqual([
      [idOf(scim, "1"), "1"],
      [idOf(scim, "2"), "2"],
    ]);
    const plan = planChanges(
      second.learners,
      [learner("1"), learner("2"), learner("3")],
      second.assignments,
      OPTIONS,
    );
    expect(plan.creates.map((entry) => entry.external_id)).toEqual(["3"]);
    expect(plan.assignments.map((entry) => entry.external_id)).toEqual(["3"]);
  });

  it("archives with active=false and reactivates the same user", async () => {
    await sync(target, [learner("1")]);
    const id = idOf(scim, "1");
    const archived = await sync(target, [learner("1", { status: "archived" })]);
    expect(archived.result.archived).toBe(1);
    expect(scim.users.get(id)?.active).toBe(false);
    expect((await target.load()).learners[0]?.learner.status).toBe("archived");

    const back = await sync(target, [learner("1", { title: "Returning" })]);
    expect(back.result).toMatchObject({ reactivated: 1, created: 0 });
    expect(scim.users.count()).toBe(1);
    expect(scim.users.get(id)).toMatchObject({ active: true, title: "Returning" });
  });

  it("changes the email under the same externalId", async () => {
    await sync(target, [learner("1")]);
    const id = idOf(scim, "1");
    const { result } = await sync(target, [learner("1", { email: "new.name@acme.test" })]);
    expect(result).toMatchObject({ updated: 1, created: 0 });
    expect(scim.users.count()).toBe(1);
    expect(scim.users.byUserName("new.name@acme.test")).toMatchObject({
      id,
      externalId: "1",
      emails: [{ value: "new.name@acme.test", type: "work", primary: true }],
    });
  });

  it("links managers by the target's own id once both exist, whatever the order", async () => {
    const report = learner("1", {
      manager_external_id: "2",
      manager_name: "P 2",
      manager_email: "p2@acme.test",
    });
    const { result } = await sync(target, [report, learner("2")]);
    expect(result.managers_linked).toBe(1);
    expect(enterprise(scim.users.byUserName("p1@acme.test"))?.manager).toMatchObject({
      value: idOf(scim, "2"),
    });
    expect((await target.load()).learners.find((e) => e.learner.external_id === "1")?.learner).toMatchObject({
      manager_external_id: "2",
      manager_email: "p2@acme.test",
    });

    // A manager who arrives in a later sync is linked then.
    const late = learner("3", { manager_external_id: "4" });
    expect((await sync(target, [report, learner("2"), late])).result.managers_linked).toBe(0);
    const linked = await sync(target, [report, learner("2"), late, learner("4")]);
    expect(linked.result.managers_linked).toBe(1);
    expect(enterprise(scim.users.byUserName("p3@acme.test"))?.manager).toMatchObject({
      value: idOf(scim, "4"),
    });
  });

  it("finds the user a create answer left without an id, and links and enrols it in the same sync", async () => {
    const proxy = await startRewritingProxy(new URL(scim.baseUrl).origin, (method, path, status, body) =>
      method === "POST" && path.endsWith("/Users") && status === 201
        ? { ...(body as object), id: undefined }
        : undefined,
    );
    try {
      const odd = openScimTarget(
        {
          type: "scim",
          base_url: `${proxy.origin}${new URL(scim.baseUrl).pathname}`,
          token: scim.token,
        },
        { sleep: fakeSleep, random: () => 0.5 },
      );
      const { result } = await sync(odd, [learner("1", { manager_external_id: "2" }), learner("2")]);
      expect(result).toMatchObject({ created: 2, managers_linked: 1, assigned: 2, rejects: [] });
      expect(enterprise(scim.users.byUserName("p1@acme.test"))?.manager).toMatchObject({
        value: idOf(scim, "2"),
      });
      expect(scim.groups.memberIds("Onboarding").sort()).toEqual([idOf(scim, "1"), idOf(scim, "2")].sort());
    } finally {
      await proxy.close();
    }
  });

  it("assigns a course once, however often the plan is applied", async () => {
    await sync(target, [learner("1")], { course_rules: [] });
    const current = await target.load();
    const plan = planChanges(current.learners, [learner("1", { role: "supervisor" })], current.assignments, {
      ...OPTIONS,
      course_rules: [{ course: "Leading people", when: "promoted_to_supervisor" }],
    });
    expect((await target.apply(plan)).assigned).toBe(1);
    expect((await target.apply(plan)).assigned).toBe(0);
    expect(scim.groups.count()).toBe(1);
    expect(scim.groups.memberIds("Leading people")).toEqual([idOf(scim, "1")]);
  });

  it("rejects the courses of a group the server keeps failing to create, and assigns them on the re-run", async () => {
    const now = new Date().toISOString();
    // The users are created; the course group cannot be, until the retries give up: a reject per learner.
    scim.setFaults([{ kind: "503", count: 100, method: "POST", path: "/Groups" }]);
    const first = await sync(target, people(3), { now });
    expect(first.result).toMatchObject({ created: 3, assigned: 0 });
    expect(first.result.rejects.map((entry) => entry.external_id)).toEqual(["1", "2", "3"]);
    for (const entry of first.result.rejects)
      expect(entry.reason).toMatch(/^course group 'Onboarding': SCIM 503/);
    expect(scim.users.count()).toBe(3);
    expect(scim.groups.count()).toBe(0);

    scim.setFaults([]);
    const rerun = await sync(target, people(3), { now });
    expect(rerun.plan.creates).toEqual([]);
    expect(rerun.result).toMatchObject({ created: 0, assigned: 3, rejects: [] });
    expect(scim.groups.memberIds("Onboarding").sort()).toEqual(
      ["1", "2", "3"].map((id) => idOf(scim, id)).sort(),
    );
    expect((await sync(target, people(3), { now })).plan.assignments).toEqual([]);
  });

  it("adopts an existing user on 409 when it is unclaimed (no or an empty externalId) or ours, and rejects one owned by someone else", async () => {
    // Users that appear between load and apply (another tool, a crashed run whose answer was lost).
    const plan = planChanges([], people(3), [], OPTIONS);
    scim.users.add({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "p1@acme.test" });
    scim.users.add({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "p2@acme.test",
      externalId: "someone-else",
    });
    // Some servers answer an unset externalId as "": no owner either.
    scim.users.add({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "p3@acme.test",
      externalId: "",
    });
    const result = await target.apply(plan);
    expect(result.created).toBe(2);
    expect(result.rejects).toEqual([
      expect.objectContaining({
        external_id: "2",
        email: "p2@acme.test",
        reason: expect.stringContaining("already belongs to another SCIM user"),
      }),
    ]);
    expect(scim.users.byUserName("p1@acme.test")).toMatchObject({ externalId: "1", title: "Engineer" });
    expect(scim.users.byUserName("p3@acme.test")).toMatchObject({ externalId: "3" });
    expect(scim.users.count()).toBe(3);

    // The same creates again (a re-run after a crash): adopted, never duplicated.
    const rerun = await target.apply(planChanges([], [learner("1"), learner("3")], [], OPTIONS));
    expect(rerun.rejects).toEqual([]);
    expect(scim.users.count()).toBe(3);
    expect(scim.groups.memberIds("Onboarding")).toHaveLength(2);
  });

  it.runIf(mode === "strict")("rejects a user the server refuses (400) and writes the others", async () => {
    const { result } = await sync(target, [learner("1"), learner("2", { email: "" }), learner("3")]);
    expect(result.created).toBe(2);
    expect(result.rejects).toEqual([
      expect.objectContaining({
        external_id: "2",
        reason: expect.stringMatching(/^SCIM 400 invalidValue: .+/),
      }),
    ]);
    expect(scim.users.count()).toBe(2);
    expect(scim.groups.memberIds("Onboarding")).toHaveLength(2);
  });

  it("writes every learner exactly once through a 429 storm and lost answers", async () => {
    scim.setFaults([
      { kind: "429", count: 12, after: 6, retryAfterSeconds: 1 },
      { kind: "reset", count: 2, method: "POST", path: "/Users", phase: "after" },
      { kind: "503", count: 2, retryAfterSeconds: 2 },
    ]);
    const desired = people(20);
    const { result } = await sync(target, desired);
    expect(result).toMatchObject({ created: 20, assigned: 20, rejects: [] });
    expect(scim.users.count()).toBe(20);
    for (const entry of desired) expect(scim.users.byExternalId(entry.external_id)).toHaveLength(1);
    expect(scim.groups.memberIds("Onboarding")).toHaveLength(20);
    expect(scim.faults()).toEqual([]);
    expect(waits).toContain(1000);
    expect(waits).toContain(2000);
  });

  it("fails with a ConfigError naming the token field, never the token itself", async () => {
    const wrong = openScimTarget(
      { type: "scim", base_url: scim.baseUrl, token: "s3cr3t-wrong-token" },
      { sleep: fakeSleep },
    );
    const failure = await wrong.load().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toContain("target.token");
    expect(JSON.stringify(failure) + String(failure)).not.toContain("s3cr3t-wrong-token");
    expect(scim.requests().total).toBe(1);
  });

  it("fails with a ConfigError naming target.base_url when the base URL answers 404", async () => {
    const wrong = openScimTarget(
      { type: "scim", base_url: `${scim.baseUrl}/nowhere`, token: scim.token },
      { sleep: fakeSleep },
    );
    const failure = await wrong.load().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toMatch(/HTTP 404 .*target\.base_url looks wrong/);
  });
});

describe("SCIM target against an Entra-compatible server", () => {
  it("provisions, archives and reactivates with RFC-form requests", async () => {
    const scim = await startScimEmulator({ entraCompat: true });
    const target = open(scim);
    try {
      await sync(target, [learner("1"), learner("2", { manager_external_id: "1" })]);
      expect((await sync(target, [learner("1", { status: "archived" })])).result.archived).toBe(1);
      expect((await sync(target, [learner("1")])).result.reactivated).toBe(1);
      expect(scim.users.byUserName("p1@acme.test")?.active).toBe(true);
      expect(scim.users.count()).toBe(2);
    } finally {
      await scim.close();
    }
  });
});

describe("SCIM target under a rate limit", () => {
  it("waits as told and still writes everyone once", async () => {
    const clock = manualClock();
    const scim = await startScimEmulator({ clock: clock.now, rateLimit: { requestsPerSecond: 5 } });
    const target = openScimTarget(
      { type: "scim", base_url: scim.baseUrl, token: scim.token },
      {
        now: clock.now,
        // Time moves only when the client waits, so the bucket refills exactly as fast as it is told to.
        sleep: (ms) => {
          clock.advance(ms);
          return Promise.resolve();
        },
      },
    );
    try {
      const { result } = await sync(target, people(15));
      expect(result.created).toBe(15);
      expect(scim.users.count()).toBe(15);
      expect(scim.requests().rateLimited).toBeGreaterThan(0);
    } finally {
      await scim.close();
    }
  });
});

describe("SCIM target adding course members", () => {
  it("adds them up to 100 per PATCH, asks for answers without the member list, and discovers once a run", async () => {
    const scim = await startScimEmulator();
    const patches: { path: string; members: unknown }[] = [];
    // Watches the group PATCH answers on their way back: what the server sent is what the client had to read.
    const proxy = await startRewritingProxy(new URL(scim.baseUrl).origin, (method, path, _status, body) => {
      if (method === "PATCH" && path.includes("/Groups/")) {
        patches.push({ path, members: (body as JsonObject).members });
      }
      return undefined;
    });
    try {
      const target = openScimTarget(
        { type: "scim", base_url: `${proxy.origin}${new URL(scim.baseUrl).pathname}`, token: scim.token },
        { sleep: fakeSleep, random: () => 0.5 },
      );
      const { result } = await sync(target, people(250));
      expect(result.assigned).toBe(250);
      expect(scim.groups.memberIds("Onboarding")).toHaveLength(250);
      // 250 members in three requests, each answered without the list (RFC 7644 §3.9).
      expect(patches).toHaveLength(3);
      for (const patch of patches) {
        expect(new URL(patch.path, proxy.origin).searchParams.get("excludedAttributes")).toBe("members");
        expect(patch.members).toBeUndefined();
      }
      // /ServiceProviderConfig, /ResourceTypes and /Schemas once for the run, whatever the batches.
      await sync(target, people(260));
      const discovery = Object.entries(scim.requests().byRoute).filter(([route]) =>
        /\/(ServiceProviderConfig|ResourceTypes|Schemas)$/.test(route),
      );
      expect(discovery.map(([route, count]) => [route.split("/").at(-1), count])).toEqual([
        ["ServiceProviderConfig", 1],
        ["ResourceTypes", 1],
        ["Schemas", 1],
      ]);
    } finally {
      await proxy.close();
      await scim.close();
    }
  });
});
