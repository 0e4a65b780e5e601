import { expect, it } from "vitest";
import { planChanges } from "./plan-changes.js";
import { withoutCreates } from "./without-creates.js";
import { held, NONE, OPTIONS, summary } from "../../../test/fixtures/plan.js";
import { learner } from "../../../test/fixtures/learner.js";

it("withoutCreates drops creates and what hangs on them", () => {
  const plan = planChanges(
    [held(learner("1"))],
    [learner("1", { title: "Lead" }), learner("2", { manager_external_id: "1" })],
    [],
    { ...OPTIONS, notify_new_learners: true, course_rules: [{ course: "intro", when: "new_learner" }] },
  );
  const updateOnly = withoutCreates(plan);
  expect(summary(updateOnly)).toEqual({ ...NONE, updates: [["1", ["title"]]] });
  expect([updateOnly.managers, updateOnly.assignments, updateOnly.notifications]).toEqual([[], [], []]);
});
