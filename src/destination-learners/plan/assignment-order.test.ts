import { expect, it } from "vitest";
import { assignmentOrder } from "./assignment-order.js";
import { planChanges } from "./plan-changes.js";
import { held, OPTIONS } from "../../../test/fixtures/plan.js";
import { learner } from "../../../test/fixtures/learner.js";

it("assignmentOrder puts the assignments of learners the target holds first, those of arriving ones last", () => {
  const plan = planChanges(
    [held(learner("1")), held(learner("2", { status: "archived" })), held(learner("3"))],
    [
      learner("1", { role: "supervisor" }),
      learner("2", { role: "supervisor" }),
      learner("3", { role: "supervisor" }),
      learner("4"),
    ],
    [],
    {
      ...OPTIONS,
      course_rules: [
        { course: "intro", when: "new_learner" },
        { course: "lead", when: "promoted_to_supervisor" },
      ],
    },
  );
  // 1: promoted, known → early; 2: reactivated → late; 3: promoted, unknown to the target → late; 4: created.
  const { early, late } = assignmentOrder(plan, (externalId) => externalId !== "3");
  expect(early.map((entry) => [entry.external_id, entry.course])).toEqual([["1", "lead"]]);
  expect(late.map((entry) => [entry.external_id, entry.course])).toEqual([
    ["2", "lead"],
    ["3", "lead"],
    ["4", "intro"],
  ]);
});
