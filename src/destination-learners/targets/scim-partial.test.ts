import { afterEach, describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import {
  complexPatchBug,
  djangoScim2Default,
  noGroups,
  noPatch,
  requestTally,
  startScimEmulator,
} from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator, ScimEmulatorOptions } from "@hibob-learners/lms-emulators/scim";
import type { Learner } from "../learner.js";
import type { PlanOptions } from "../plan/index.js";
import { planChanges } from "../plan/index.js";
import { DestinationConfig } from "../config.js";
import { openTarget } from "./open.js";
import { openScimTarget } from "./scim.js";
import { startRewritingProxy } from "../../../test/helpers/rewriting-proxy.js";

// SCIM servers that support less than RFC 7643/7644 (the emulator's partial profiles, docs/target-emulators.md):
// each converges, with the right rejects and warnings, and a run with nothing changed writes nothing.

const OPTIONS: PlanOptions = {
  archive_terminated: true,
  archive_missing: false,
  max_archive_percent: 100,
  course_rules: [{ course: "Onboarding", when: "new_learner" }],
  notify_new_learners: false,
};

/** A CEO, three managers and eight reports, listed reports first: the order creates must not follow. */
function company(changes: Record<string, Partial<Learner>> = {}): Learner[] {
  const managerOf = (id: number): string | null => (id === 1 ? null : id <= 4 ? "1" : String(2 + (id % 3)));
  return Array.from({ length: 12 }, (_, index) => 12 - index).map((id) =>
    learner(String(id), {
      manager_external_id: managerOf(id),
      role: id <= 4 ? "supervisor" : "non-supervisor",
      ...changes[String(id)],
    }),
  );
}

let scim: ScimEmulator;
afterEach(async () => {
  await scim.close();
});

const start = async (options: ScimEmulatorOptions) => {
  scim = await startScimEmulator(options);
};

/** One sync as a new run (discovery and what the server keeps are learnt afresh), counting its requests. */
async function run(desired: readonly Learner[]) {
  const target = openScimTarget(
    { type: "scim", base_url: scim.baseUrl, token: scim.token },
    { sleep: () => Promise.resolve(), random: () => 0.5 },
  );
  scim.resetRequests();
  const current = await target.load();
  const plan = planChanges(current.learners, desired, current.assignments, {
    ...OPTIONS,
    fields: current.fields,
    presumed_fields: current.presumed_fields,
    manager_links: current.manager_links,
  });
  const result = await target.apply(plan);
  return { plan, result, warnings: target.takeWarnings?.() ?? [], requests: scim.requests() };
}

const user = (externalId: string) => scim.users.byExternalId(externalId)[0];
const idOf = (externalId: string): string => {
  const id = user(externalId)?.id;
  if (typeof id !== "string") throw new Error(`no user with externalId ${externalId}`);
  return id;
};
const managerOf = (externalId: string): unknown => {
  const extension = user(externalId)?.["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
  return (extension as { manager?: { value?: string } } | undefined)?.manager?.value;
};

describe("SCIM target against a server like django-scim2's default adapter", () => {
  it("creates everyone in one write each, learns what the server drops, then writes only what it keeps", async () => {
    await start(djangoScim2Default);
    // Made by hand in the LMS with other case: a case-sensitive server would take p12@acme.test as new.
    scim.users.add({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "P12@Acme.Test" });

    const first = await run(company());
    expect(first.result).toMatchObject({ created: 11, updated: 1, assigned: 11, rejects: [] });
    expect(scim.users.count()).toBe(12);
    // Matched, not duplicated: it now carries the employee id (by PUT, as PATCH of externalId is not implemented).
    expect(user("12")).toMatchObject({ userName: "p12@acme.test", externalId: "12" });
    expect(first.warnings).toEqual([
      expect.stringMatching(
        /^The SCIM server does not keep department .*manager .*no enterprise User extension/,
      ),
      expect.stringMatching(
        /^The SCIM server does not keep title, location .*role \(roles\): the users it answers with lack them/,
      ),
      expect.stringMatching(/^The SCIM server does not implement PATCH of external_id/),
    ]);
    // 11 creates, the hand-made user's refused PATCH and its PUT, one group and one PATCH adding its 11 new
    // members; no manager PATCH.
    expect(first.requests.byRoute).toMatchObject({
      "POST /Users": 11,
      "POST /Groups": 1,
      "PATCH /Groups/:id": 1,
    });
    expect(requestTally(first.requests).writes).toBe(11 + 2 + 1 + 1);

    const changed = company({
      "3": { email: "p3.new@acme.test" },
      "5": { title: "Lead" },
      "6": { status: "archived" },
    });
    const second = await run(changed);
    expect(second.result).toMatchObject({ updated: 1, archived: 1, created: 0, rejects: [] });
    // What no user holds is presumed dropped; it rides once on a write made anyway (the probe), the rest withheld.
    expect(second.plan.withheld).toMatchObject({ title: 11 });
    expect(user("3")).toMatchObject({ userName: "p3.new@acme.test" });
    expect(user("6")).toMatchObject({ active: false });
    // The email's PATCH and the archive's, and one PUT: the probe rode on a PATCH the server does not implement
    // for those attributes (501), so that learner went by GET + PUT, whose answer shows them dropped.
    expect(requestTally(second.requests).writes).toBe(3);

    const third = await run(changed);
    expect(requestTally(third.requests).writes).toBe(0);
    expect(third.result.rejects).toEqual([]);
  });
});

describe("SCIM target against a server without Groups", () => {
  it("syncs learners, assigns no course with one warning, and fails nothing", async () => {
    await start(noGroups);
    const first = await run(company());
    expect(first.result).toMatchObject({ created: 12, assigned: 0, managers_linked: 11, rejects: [] });
    expect(first.warnings).toEqual([expect.stringMatching(/^The SCIM server has no Groups/)]);
    expect(first.requests.byRoute["GET /Groups"]).toBeUndefined();
    expect(requestTally(first.requests).writes).toBe(12);
    expect(managerOf("5")).toBe(idOf("4"));

    expect(requestTally((await run(company())).requests).writes).toBe(0);
  });
});

describe("SCIM target against a server without PATCH", () => {
  it("writes users and course members with GET + PUT, and converges", async () => {
    await start(noPatch);
    const first = await run(company());
    expect(first.result).toMatchObject({ created: 12, assigned: 12, rejects: [] });
    expect(scim.groups.memberIds("Onboarding")).toHaveLength(12);
    expect(first.requests.byRoute["PATCH /Users/:id"]).toBeUndefined();
    expect(first.requests.byRoute["PUT /Groups/:id"]).toBe(1);

    const changed = company({
      "5": { title: "Lead" },
      "6": { status: "archived" },
      "7": { manager_external_id: "4" },
    });
    const second = await run(changed);
    expect(second.result).toMatchObject({ updated: 1, archived: 1, managers_linked: 1, rejects: [] });
    expect(user("5")).toMatchObject({ title: "Lead" });
    expect(managerOf("7")).toBe(idOf("4"));
    expect(second.requests.byRoute["PATCH /Users/:id"]).toBeUndefined();

    expect(requestTally((await run(changed)).requests).writes).toBe(0);
  });
});

describe("SCIM target against a server whose PATCH of a complex value fails with 500", () => {
  it("links the manager on create, and by GET + PUT once a manager PATCH fails", async () => {
    await start(complexPatchBug);
    const first = await run(company());
    expect(first.result).toMatchObject({ created: 12, managers_linked: 11, rejects: [] });
    expect(first.requests.byRoute["PATCH /Users/:id"]).toBeUndefined();

    const changed = company({ "7": { manager_external_id: "2" }, "8": { manager_external_id: "2" } });
    const second = await run(changed);
    expect(second.result).toMatchObject({ managers_linked: 2, rejects: [] });
    expect(second.warnings).toEqual([
      expect.stringMatching(
        /^The SCIM server failed a PATCH of manager \(SCIM 500: .*GET \+ PUT for the rest/,
      ),
    ]);
    expect([managerOf("7"), managerOf("8")]).toEqual([idOf("2"), idOf("2")]);

    expect(requestTally((await run(changed)).requests).writes).toBe(0);
  });
});

describe("SCIM target against a server that does not implement PATCH of the manager", () => {
  it("links managers by GET + PUT once a manager PATCH answers 501", async () => {
    await start({ patchable: ["userName", "emails", "active", "title"] });
    await run(company());
    const changed = company({ "7": { manager_external_id: "2" } });
    const second = await run(changed);
    expect(second.result).toMatchObject({ managers_linked: 1, rejects: [] });
    expect(second.warnings).toEqual([
      expect.stringMatching(/^The SCIM server failed a PATCH of manager \(SCIM 501/),
    ]);
    expect(managerOf("7")).toBe(idOf("2"));
    expect(requestTally((await run(changed)).requests).writes).toBe(0);
  });
});

describe("SCIM target against a strict server without the enterprise extension", () => {
  it("never sends the extension it does not advertise, so no create is refused", async () => {
    await start({ enterprise: false });
    const first = await run(company());
    expect(first.result).toMatchObject({ created: 12, rejects: [] });
    expect(first.warnings).toEqual([expect.stringMatching(/^The SCIM server does not keep department/)]);
    expect(requestTally((await run(company())).requests).writes).toBe(0);
  });
});

describe("SCIM target against a server whose create answers carry only part of the user", () => {
  it("reads the user back before learning anything dropped, so nothing it keeps is left out", async () => {
    await start({});
    const proxy = await startRewritingProxy(new URL(scim.baseUrl).origin, (method, path, status, body) => {
      if (method !== "POST" || !path.endsWith("/Users") || status !== 201) return undefined;
      const { id, userName, schemas } = body as Record<string, unknown>;
      return { id, userName, schemas };
    });
    try {
      const target = openScimTarget(
        { type: "scim", base_url: `${proxy.origin}${new URL(scim.baseUrl).pathname}`, token: scim.token },
        { sleep: () => Promise.resolve() },
      );
      const current = await target.load();
      await target.apply(planChanges(current.learners, company(), current.assignments, OPTIONS));
      expect(target.takeWarnings?.()).toEqual([]);
      expect((await target.load()).fields).toContain("title");
      expect(managerOf("5")).toBe(idOf("4"));
    } finally {
      await proxy.close();
    }
  });
});

describe("SCIM target when Bob fills in a field no learner held yet", () => {
  it("writes it for everyone once a write made anyway has shown the server keeps it", async () => {
    await start({});
    const untitled = ["1", "2", "3"].map((id) => learner(id, { title: null }));
    await run(untitled);
    // A new field mapping gives everyone a title at once, and one learner changes otherwise too.
    const titled = ["1", "2", "3"].map((id) => learner(id, id === "1" ? { last_name: "New" } : {}));
    const second = await run(titled);
    expect(second.plan.withheld).toEqual({ title: 2 });
    expect(user("1")).toMatchObject({ title: "Engineer" });
    // Someone on the server holds a title now: nothing is presumed, every title is written.
    const third = await run(titled);
    expect(third.result).toMatchObject({ updated: 2, rejects: [] });
    expect([user("2"), user("3")]).toEqual([
      expect.objectContaining({ title: "Engineer" }),
      expect.objectContaining({ title: "Engineer" }),
    ]);
    expect(requestTally((await run(titled)).requests).writes).toBe(0);
  });
});

describe("SCIM target when the course a change triggers is refused", () => {
  it("holds the change back too, so the next sync plans both again and the course is not lost", async () => {
    await start({});
    const rules: PlanOptions["course_rules"] = [{ course: "Leading people", when: "promoted_to_supervisor" }];
    const sync = async (desired: readonly Learner[]) => {
      const target = openScimTarget(
        { type: "scim", base_url: scim.baseUrl, token: scim.token },
        { sleep: () => Promise.resolve() },
      );
      const current = await target.load();
      return target.apply(
        planChanges(current.learners, desired, current.assignments, { ...OPTIONS, course_rules: rules }),
      );
    };
    await sync([learner("1"), learner("2")]);
    const promoted = [learner("1", { role: "supervisor" }), learner("2", { title: "Lead" })];
    scim.setFaults([{ kind: "500", count: 1_000, method: "POST", path: "/Groups" }]);
    const refused = await sync(promoted);
    expect(refused).toMatchObject({ updated: 1, not_written: ["1"] });
    expect(refused.rejects).toEqual([expect.objectContaining({ external_id: "1" })]);
    const roles = () => JSON.stringify(user("1")?.roles ?? []);
    expect(roles()).not.toContain('"value":"supervisor"');

    scim.setFaults([]);
    expect(await sync(promoted)).toMatchObject({ updated: 1, assigned: 1, rejects: [] });
    expect(scim.groups.memberIds("Leading people")).toEqual([idOf("1")]);
    expect(roles()).toContain('"value":"supervisor"');
  });
});

describe("a dry run against a SCIM server that supports less", () => {
  it("says what the server lacks, as a real run would, and writes nothing", async () => {
    await start({ enterprise: false });
    const preview = await openTarget(
      DestinationConfig.parse({
        target: { type: "scim", base_url: scim.baseUrl, token: scim.token },
        dry_run: true,
      }),
      { dryRun: true },
    );
    expect(preview.takeWarnings?.()).toEqual([
      expect.stringMatching(/^The SCIM server does not keep department/),
    ]);
    const current = await preview.load();
    await preview.apply(planChanges(current.learners, company(), current.assignments, OPTIONS));
    expect(requestTally(scim.requests()).writes).toBe(0);
  });
});

describe("SCIM target when one record keeps failing", () => {
  it("rejects that record with the server's words, writes the others and the leavers, and heals on the next run", async () => {
    await start({});
    await run(company());
    const changed = company({ "5": { title: "Lead" }, "6": { title: "Lead" }, "9": { status: "archived" } });
    scim.setFaults([{ kind: "500", count: 1_000, method: "PATCH", path: `/Users/${idOf("5")}` }]);
    const second = await run(changed);
    expect(second.result).toMatchObject({ updated: 1, archived: 1 });
    expect(second.result.rejects).toEqual([
      expect.objectContaining({ external_id: "5", reason: expect.stringMatching(/^SCIM 500/) as unknown }),
    ]);
    expect(second.result.not_written).toEqual(["5"]);
    expect(user("9")).toMatchObject({ active: false });

    scim.setFaults([]);
    const third = await run(changed);
    expect(third.result).toMatchObject({ updated: 1, rejects: [] });
    expect(user("5")).toMatchObject({ title: "Lead" });
  });
});
