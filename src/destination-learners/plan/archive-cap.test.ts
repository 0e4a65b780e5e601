import { describe, expect, it } from "vitest";
import { planChanges } from "./plan-changes.js";
import { planMissing } from "./plan-missing.js";
import { crowd, held, NONE, OPTIONS, summary, unmanaged } from "../../../test/fixtures/plan.js";
import { learner } from "../../../test/fixtures/learner.js";

// Learners gone from Bob: named by deletion records (planChanges) or never sent in a whole sync (planMissing).
// Both are inferred, so one cap holds over both.

describe("deletion records", () => {
  it("archive an active learner they name, by external id, as deleted", () => {
    const current = [held(learner("1")), held(learner("2", { status: "archived" })), held(learner("3"))];
    const plan = planChanges(current, [], [], { ...OPTIONS, max_archive_percent: 100 }, ["1", "2", "9"]);
    expect(summary(plan)).toEqual({ ...NONE, archives: [["1", "deleted"]] });
    expect(planChanges(current, [], [], { ...OPTIONS, archive_missing: false }, ["1"]).archives).toEqual([]);
  });

  it("are capped like missing learners, counting those already archived in the sync", () => {
    const current = crowd.map((entry) => held(entry));
    const three = planChanges(current, [], [], OPTIONS, ["c0", "c1", "c2"]);
    expect(three.archives).toEqual([]);
    expect(three.archive_hold).toMatchObject({ missing: 3, managed: 20, percent: 15, max_percent: 10 });
    expect(summary(planChanges(current, [], [], OPTIONS, ["c0", "c1"])).archives).toEqual([
      ["c0", "deleted"],
      ["c1", "deleted"],
    ]);
    // Two archived earlier in the sync (18 still active): one more makes 3 of 20.
    const later = planChanges(current.slice(2), [], [], { ...OPTIONS, archived_as_gone: 2 }, ["c2"]);
    expect(later.archive_hold).toMatchObject({ missing: 3, managed: 20 });
  });
});

describe("planMissing", () => {
  const ten = Array.from({ length: 10 }, (_, index) => learner(`t${index}`));
  const presentOf = (learners: readonly { readonly external_id: string }[]) =>
    new Set(learners.map((entry) => entry.external_id));

  it("archives active managed learners never seen in the pass, within the cap", () => {
    const current = [...crowd.map((entry) => held(entry)), unmanaged(learner("x"), "lms")];
    expect(summary(planMissing(current, presentOf(crowd.slice(1)), OPTIONS))).toEqual({
      ...NONE,
      archives: [["c0", "missing"]],
    });
    const held10 = planMissing(current, new Set(["c0"]), OPTIONS);
    expect(held10.archives).toEqual([]);
    expect(held10.archive_hold).toMatchObject({ missing: 19, managed: 20, max_percent: 10 });
  });

  it.each([
    [10, 1, 1],
    [10, 2, 0],
    [20, 2, 2],
    [100, 10, 10],
  ])("cap %d%% with %d of 10 missing → %d archived", (max, gone, archived) => {
    const plan = planMissing(
      ten.map((entry) => held(entry)),
      presentOf(ten.slice(gone)),
      { ...OPTIONS, max_archive_percent: max },
    );
    expect(plan.archives.length).toBe(archived);
    expect(plan.archive_hold === null).toBe(archived === gone);
  });

  it("explains why nobody was archived", () => {
    const plan = planMissing(
      ten.map((entry) => held(entry)),
      presentOf(ten.slice(3)),
      OPTIONS,
    );
    expect(plan.archives).toEqual([]);
    expect(plan.archive_hold).toMatchObject({ missing: 3, managed: 10, percent: 30, max_percent: 10 });
    expect(plan.archive_hold?.message).toMatch(/3 of 10 active learners \(30%\).*none were archived/);
  });

  it("ignores learners that are already archived or not managed, and keeps all with archive_missing off", () => {
    const current = [
      ...crowd.map((entry) => held(entry)),
      held(learner("old", { status: "archived" })),
      unmanaged(learner("lms"), "lms"),
    ];
    expect(summary(planMissing(current, presentOf(crowd), OPTIONS))).toEqual(NONE);
    const off = planMissing(current, presentOf(crowd.slice(1)), { ...OPTIONS, archive_missing: false });
    expect([off.archives, off.archive_hold]).toEqual([[], null]);
  });
});
