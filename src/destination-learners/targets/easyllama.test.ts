import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import { startEasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import type { EasyLlamaEmulator, EasyLlamaEmulatorOptions } from "@hibob-learners/lms-emulators/easyllama";
import { manualClock } from "@hibob-learners/emulator-kit";
import { ConfigError } from "../../protocol/index.js";
import type { Learner } from "../learner.js";
import type { PlanOptions } from "../plan/index.js";
import { planChanges } from "../plan/index.js";
import type { EasyLlamaTargetConfig } from "./easyllama.js";
import { openEasyLlamaTarget } from "./easyllama.js";
import type { Target } from "./target.js";

const OPTIONS: PlanOptions = {
  archive_terminated: true,
  archive_missing: false,
  max_archive_percent: 100,
  course_rules: [{ course: "Cybersecurity Awareness", when: "new_learner" }],
  notify_new_learners: true,
};

const waits: number[] = [];
const fakeSleep = (ms: number) => {
  waits.push(ms);
  return Promise.resolve();
};

async function sync(target: Target, desired: readonly Learner[], options: Partial<PlanOptions> = {}) {
  const current = await target.load();
  const plan = planChanges(current.learners, desired, current.assignments, { ...OPTIONS, ...options });
  return { plan, result: await target.apply(plan) };
}

const people = (count: number, from = 1) =>
  Array.from({ length: count }, (_, index) => learner(String(from + index)));

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("EasyLlama target", () => {
  let llama: EasyLlamaEmulator;
  let target: Target;
  const config = (fields: Partial<EasyLlamaTargetConfig> = {}): EasyLlamaTargetConfig => ({
    type: "easyllama",
    api_url: llama.baseUrl,
    client_id: llama.clientId,
    client_secret: llama.clientSecret,
    ...fields,
  });
  const start = async (options: EasyLlamaEmulatorOptions = {}) => {
    llama = await startEasyLlamaEmulator({ pageSize: 3, ...options });
    target = openEasyLlamaTarget(config(), { sleep: fakeSleep, random: () => 0.5 });
  };
  const trainingsOf = (externalId: string) => {
    const id = llama.learners.byExternalId(externalId)?.id;
    return llama.learnerTrainings
      .list()
      .filter((entry) => entry.learner_id === id)
      .map((entry) => entry.training_id);
  };
  beforeEach(async () => {
    waits.length = 0;
    await start();
  });
  afterEach(async () => {
    await target.close();
    await llama.close();
  });

  it("creates learners with a training and counts EasyLlama's own invitations; load reads them back across pages", async () => {
    const desired = [...people(6), learner("7", { phone: "650-312-1122", role: "supervisor" })];
    const { result } = await sync(target, desired);
    expect(result).toMatchObject({ created: 7, assigned: 7, notified: 14, rejects: [] });
    expect(llama.learners.byExternalId("7")).toMatchObject({
      email: "p7@acme.test",
      first_name: "P",
      last_name: "7",
      title: "Engineer",
      department: "R&D",
      location: "London",
      start_date: "2024-01-01",
      phone: "650-312-1122",
      employment_type: "Full time",
      role: "supervisor",
      status: "active",
    });
    expect(trainingsOf("7")).toEqual([3]);

    const loaded = await target.load();
    expect(loaded.learners).toHaveLength(7);
    const seven = loaded.learners.find((entry) => entry.learner.external_id === "7");
    const held = llama.learners.byExternalId("7");
    expect(seven).toEqual({ ref: String(held?.id), learner: desired[6], created_at: held?.created_at });
    expect(loaded.assignments).toContainEqual({ ref: seven?.ref, course: "Cybersecurity Awareness" });
    expect(loaded.assignments).toContainEqual({ ref: seven?.ref, course: "3" });
  });

  it("writes nothing when nothing changed, and one PATCH when one field did", async () => {
    const desired = people(4);
    await sync(target, desired);
    llama.resetRequests();
    const again = await sync(target, desired);
    expect(again.plan.updates).toEqual([]);
    expect(again.result).toMatchObject({ created: 0, updated: 0, assigned: 0 });
    expect(llama.requests().writes).toBe(0);

    const changed = desired.map((entry) =>
      entry.external_id === "2" ? { ...entry, department: "Sales" } : entry,
    );
    const { result } = await sync(target, changed);
    expect(result.updated).toBe(1);
    expect(llama.requests().writes).toBe(1);
    expect(llama.requests().byRoute["PATCH /learners/:id"]).toBe(1);
    expect(llama.learners.byExternalId("2")).toMatchObject({ department: "Sales", title: "Engineer" });
  });

  it("archives with DELETE and reactivates the same learner", async () => {
    await sync(target, [learner("1")]);
    const id = llama.learners.byExternalId("1")?.id;
    const archived = await sync(target, [learner("1", { status: "archived" })]);
    expect(archived.result.archived).toBe(1);
    expect(llama.requests().byRoute["DELETE /learners/:id"]).toBe(1);
    expect(llama.learners.get(id ?? 0)?.status).toBe("archived");

    const back = await sync(target, [learner("1", { title: "Returning" })]);
    expect(back.result).toMatchObject({ reactivated: 1, created: 0 });
    expect(llama.learners.count()).toBe(1);
    expect(llama.learners.get(id ?? 0)).toMatchObject({ status: "active", title: "Returning" });
  });

  it("changes the email under the same external id", async () => {
    await sync(target, [learner("1")]);
    const id = llama.learners.byExternalId("1")?.id;
    const { result } = await sync(target, [learner("1", { email: "new.name@acme.test" })]);
    expect(result).toMatchObject({ updated: 1, created: 0 });
    expect(llama.learners.count()).toBe(1);
    expect(llama.learners.byEmail("new.name@acme.test")?.id).toBe(id);
  });

  it("links the manager by name once both exist, whatever the order", async () => {
    const report = learner("1", {
      manager_external_id: "2",
      manager_name: "P 2",
      manager_email: "p2@acme.test",
    });
    const { result } = await sync(target, [report, learner("2")]);
    expect(result.managers_linked).toBe(1);
    expect(llama.learners.byExternalId("1")?.manager).toBe("P 2");
    const loaded = await target.load();
    expect(loaded.learners.find((entry) => entry.learner.external_id === "1")?.learner).toEqual(report);
  });

  it("assigns a training once by name or id, and rejects a course not in the catalogue", async () => {
    await sync(target, [learner("1"), learner("2")], { course_rules: [] });
    const current = await target.load();
    const plan = planChanges(current.learners, [learner("1", { role: "supervisor" }), learner("2")], [], {
      ...OPTIONS,
      course_rules: [
        { course: "2", when: "promoted_to_supervisor" },
        { course: "hipaa compliance", when: "promoted_to_supervisor" },
        { course: "Underwater Basket Weaving", when: "promoted_to_supervisor" },
      ],
    });
    const first = await target.apply(plan);
    expect(first.assigned).toBe(2);
    expect(first.rejects).toEqual([
      expect.objectContaining({
        external_id: "1",
        reason: expect.stringContaining("Underwater Basket Weaving"),
      }),
    ]);
    const second = await target.apply(plan);
    expect(second.assigned).toBe(0);
    expect(trainingsOf("1").sort()).toEqual([2, 4]);
    expect(llama.learnerTrainings.list()).toHaveLength(2);
  });

  it("rejects a learner EasyLlama refuses and writes the others", async () => {
    const { result } = await sync(target, [learner("1"), learner("2", { first_name: null }), learner("3")]);
    expect(result.created).toBe(2);
    expect(result.rejects).toEqual([
      expect.objectContaining({
        external_id: "2",
        email: "p2@acme.test",
        reason: expect.stringMatching(/first_name/),
      }),
    ]);
    expect(llama.learners.count()).toBe(2);
    expect(llama.learnerTrainings.list()).toHaveLength(2);
  });

  it("adopts a learner that already holds the email when unclaimed or ours, and rejects one owned by someone else", async () => {
    // Learners that appear between load and apply, or that a crashed run created.
    const plan = planChanges([], people(3), [], OPTIONS);
    llama.learners.add({ first_name: "Old", last_name: "Entry", email: "p1@acme.test" });
    llama.learners.add({ first_name: "Other", last_name: "Person", email: "p2@acme.test", external_id: "x" });
    const result = await target.apply(plan);
    expect(result.created).toBe(2);
    expect(result.rejects).toEqual([
      expect.objectContaining({
        external_id: "2",
        reason: expect.stringContaining("already belongs to another EasyLlama learner"),
      }),
    ]);
    expect(llama.learners.byEmail("p1@acme.test")).toMatchObject({ external_id: "1", first_name: "P" });

    const rerun = await target.apply(planChanges([], [learner("1"), learner("3")], [], OPTIONS));
    expect(rerun.rejects).toEqual([]);
    expect(llama.learners.count()).toBe(3);
    expect(llama.learnerTrainings.list()).toHaveLength(2);
  });

  it("writes every learner and training exactly once through a 429 storm and lost answers", async () => {
    llama.setFaults([
      // Bursts of 429s a sequential client rides out within its retry budget.
      { kind: "429", count: 4, after: 4, retryAfterSeconds: 1 },
      { kind: "429", count: 4, after: 3, retryAfterSeconds: 1 },
      { kind: "429", count: 4, after: 3, retryAfterSeconds: 1 },
      { kind: "reset", count: 2, after: 1, method: "POST", path: "/learners", phase: "after" },
      { kind: "503", count: 2, after: 2, retryAfterSeconds: 2 },
    ]);
    const desired = people(12);
    const { result } = await sync(target, desired);
    expect(result).toMatchObject({ created: 12, rejects: [] });
    expect(llama.learners.count()).toBe(12);
    for (const entry of desired) expect(trainingsOf(entry.external_id)).toEqual([3]);
    expect(llama.learnerTrainings.list()).toHaveLength(12);
    expect(llama.faults()).toEqual([]);
    expect(waits).toContain(1000);
    expect(waits).toContain(2000);
  });

  it("rejects the trainings EasyLlama keeps failing, and assigns them on the re-run", async () => {
    const now = new Date().toISOString();
    // The three creates go through; every assignment after them fails until the retries give up: a reject each.
    llama.setFaults([{ kind: "503", count: 100, after: 3, method: "POST", path: "/learners" }]);
    const first = await sync(target, people(3), { now });
    expect(first.result).toMatchObject({ created: 3, assigned: 0 });
    expect(first.result.rejects.map((entry) => entry.external_id)).toEqual(["1", "2", "3"]);
    for (const entry of first.result.rejects) expect(entry.reason).toMatch(/^EasyLlama 503/);
    expect(llama.learners.count()).toBe(3);
    expect(llama.learnerTrainings.list()).toEqual([]);

    llama.setFaults([]);
    // Without the sync's time a learner the target holds is never new: the course stays lost.
    expect((await sync(target, people(3))).plan.assignments).toEqual([]);
    const rerun = await sync(target, people(3), { now });
    expect(rerun.plan.creates).toEqual([]);
    expect(rerun.result).toMatchObject({ created: 0, assigned: 3, rejects: [] });
    for (const id of ["1", "2", "3"]) expect(trainingsOf(id)).toEqual([3]);
    expect((await sync(target, people(3), { now })).plan.assignments).toEqual([]);
  });

  it("assigns a promotion's training before the update, so a failed update is retried without losing it", async () => {
    await sync(target, people(2), { course_rules: [] });
    const promoted = [learner("1", { role: "supervisor" }), learner("2")];
    const rules: PlanOptions["course_rules"] = [{ course: "2", when: "promoted_to_supervisor" }];
    llama.setFaults([{ kind: "503", count: 100, method: "PATCH", path: "/learners" }]);
    const failed = await sync(target, promoted, { course_rules: rules });
    expect(failed.result.rejects).toEqual([expect.objectContaining({ external_id: "1" })]);
    expect(failed.result.not_written).toEqual(["1"]);
    expect(trainingsOf("1")).toEqual([2]);
    expect(llama.learners.byExternalId("1")?.role).toBe("non-supervisor");

    llama.setFaults([]);
    const rerun = await sync(target, promoted, { course_rules: rules });
    expect(rerun.plan.updates.map((entry) => entry.learner.external_id)).toEqual(["1"]);
    expect(rerun.result).toMatchObject({ updated: 1, assigned: 0, rejects: [] });
    expect(llama.learners.byExternalId("1")?.role).toBe("supervisor");
    expect(trainingsOf("1")).toEqual([2]);
  });

  it("fails with a ConfigError naming the credential fields, never their values", async () => {
    const badClient = openEasyLlamaTarget(config({ client_secret: "s3cr3t-wrong" }), { sleep: fakeSleep });
    const failure = await failureOf(badClient.load());
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toContain("target.client_secret");
    expect(`${JSON.stringify(failure)} ${String(failure)}`).not.toContain("s3cr3t-wrong");

    const badToken = openEasyLlamaTarget(
      { type: "easyllama", api_url: llama.baseUrl, api_token: "t0ken-wrong" },
      { sleep: fakeSleep },
    );
    const refused = await failureOf(badToken.load());
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toContain("target.api_token");
    expect(String(refused)).not.toContain("t0ken-wrong");

    const good = openEasyLlamaTarget(
      { type: "easyllama", api_url: llama.baseUrl, api_token: llama.apiTokens[0] ?? "" },
      { sleep: fakeSleep },
    );
    expect((await sync(good, [learner("1")])).result.created).toBe(1);
  });
});

describe("EasyLlama target with expiring tokens", () => {
  it("fetches a new token once when the server says the old one expired", async () => {
    const clock = manualClock();
    const llama = await startEasyLlamaEmulator({ clock: clock.now, tokenTtlSeconds: 3600 });
    try {
      const target = openEasyLlamaTarget(
        {
          type: "easyllama",
          api_url: llama.baseUrl,
          client_id: llama.clientId,
          client_secret: llama.clientSecret,
        },
        { sleep: fakeSleep },
      );
      await sync(target, [learner("1")]);
      // The server's clock passes the expiry; the client's does not, so only the 401 can tell it.
      clock.advance(2 * 3600_000);
      const { result } = await sync(target, [learner("1"), learner("2")]);
      expect(result.created).toBe(1);
      expect(llama.requests().byRoute["POST /oauth/token"]).toBe(2);
    } finally {
      await llama.close();
    }
  });
});
