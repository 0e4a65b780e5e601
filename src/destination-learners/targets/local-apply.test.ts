import { describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import type { Learner } from "../learner.js";
import type { Plan } from "../plan/index.js";
import { EMPTY_PLAN } from "../plan/index.js";
import type { LocalWrites } from "./local-apply.js";
import { applyLocally } from "./local-apply.js";
import { memoryTarget } from "./memory.js";

/** Writes that succeed unless told otherwise, remembering their order. */
function recordingWrites(refuse: ReadonlyMap<string, string> = new Map()) {
  const order: string[] = [];
  const held = new Set(["boss"]);
  const writes: LocalWrites = {
    write(entry: Learner, ref: string | null) {
      order.push(`${ref === null ? "create" : "write"} ${entry.external_id}`);
      const reason = refuse.get(entry.external_id);
      if (reason !== undefined) return reason;
      held.add(entry.external_id);
      return null;
    },
    holds: (externalId) => held.has(externalId),
    assign: () => 1,
    notify: (entry) => order.push(`notify ${entry.external_id}`),
  };
  return { writes, order };
}

const change = (id: string, fields: Partial<Learner> = {}) => ({
  ref: id,
  learner: learner(id, fields),
  changes: [],
});

describe("applyLocally", () => {
  it("archives first, then creates, updates and reactivations, then what depends on them", () => {
    const { writes, order } = recordingWrites();
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [learner("new")],
      updates: [change("moved")],
      reactivations: [change("back")],
      archives: [{ ...change("gone", { status: "archived" }), reason: "terminated" }],
      notifications: [{ kind: "new_learner", external_id: "new", email: "pnew@acme.test" }],
    };
    const result = applyLocally(plan, writes);
    expect(order).toEqual(["write gone", "create new", "write moved", "write back", "notify new"]);
    expect(result).toMatchObject({ archived: 1, created: 1, updated: 1, reactivated: 1, notified: 1 });
  });

  it("links a manager written in the same apply or already held, never a missing one", () => {
    const { writes } = recordingWrites();
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [learner("lead"), learner("a"), learner("b"), learner("c")],
      managers: [
        { external_id: "a", manager_external_id: "lead" },
        { external_id: "b", manager_external_id: "boss" },
        { external_id: "c", manager_external_id: "nobody" },
      ],
    };
    expect(applyLocally(plan, writes).managers_linked).toBe(2);
  });

  it("rejects a refused learner with its record, and does nothing that depends on it", () => {
    const { writes, order } = recordingWrites(new Map([["a", "learner is gone"]]));
    const plan: Plan = {
      ...EMPTY_PLAN,
      updates: [change("a"), change("b")],
      managers: [{ external_id: "a", manager_external_id: "boss" }],
      assignments: [
        { external_id: "a", email: "pa@acme.test", course: "Onboarding", trigger: "new_learner" },
      ],
      notifications: [{ kind: "new_learner", external_id: "a", email: "pa@acme.test" }],
    };
    const result = applyLocally(plan, writes);
    expect(result).toMatchObject({ updated: 1, managers_linked: 0, assigned: 0, notified: 0 });
    expect(result.rejects).toEqual([
      { external_id: "a", email: "pa@acme.test", reason: "learner is gone", record: learner("a") },
    ]);
    expect(result.not_written).toEqual(["a"]);
    expect(order).not.toContain("notify a");
  });
});

describe("the dry run's memory target", () => {
  it("assigns courses to learners it created in the same apply, once each", async () => {
    const target = memoryTarget({ learners: [], assignments: [] });
    const assign = {
      external_id: "1",
      email: "p1@acme.test",
      course: "Onboarding",
      trigger: "new_learner",
    } as const;
    const result = await target.apply({
      ...EMPTY_PLAN,
      creates: [learner("1")],
      assignments: [assign, assign],
    });
    expect(result.assigned).toBe(1);
    expect((await target.load()).assignments).toEqual([{ ref: "new:1", course: "Onboarding" }]);
  });

  it("forgets a rehire's former Bob id once the learner is adopted under the new one", async () => {
    const target = memoryTarget({ learners: [{ ref: "L1", learner: learner("old") }], assignments: [] });
    const rehired = learner("new", { email: "pold@acme.test" });
    const result = await target.apply({
      ...EMPTY_PLAN,
      creates: [learner("report")],
      updates: [{ ref: "L1", learner: rehired, changes: [] }],
      managers: [{ external_id: "report", manager_external_id: "old" }],
    });
    // The report's manager is the former id, which names no learner any more: no link, as sqlite would count.
    expect(result.managers_linked).toBe(0);
  });

  it("refuses a write to a learner that is gone, and an email another learner holds", async () => {
    const target = memoryTarget({ learners: [{ ref: "L1", learner: learner("1") }], assignments: [] });
    const result = await target.apply({
      ...EMPTY_PLAN,
      creates: [learner("2", { email: "P1@acme.test" })],
      updates: [change("L9")],
    });
    expect(result.rejects.map((entry) => [entry.external_id, entry.reason])).toEqual([
      ["2", "email already belongs to another learner"],
      ["L9", "learner is gone"],
    ]);
  });
});
