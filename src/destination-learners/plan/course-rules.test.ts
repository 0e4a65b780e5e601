import { describe, expect, it } from "vitest";
import type { Learner } from "../learner.js";
import { NEW_LEARNER_DAYS } from "./course-triggers.js";
import type { CurrentLearner } from "./current-learner.js";
import type { PlanOptions } from "./options.js";
import { planChanges } from "./plan-changes.js";
import { held, OPTIONS } from "../../../test/fixtures/plan.js";
import { learner } from "../../../test/fixtures/learner.js";

describe("course rules", () => {
  const rules: PlanOptions["course_rules"] = [
    { course: "onboarding", when: "new_learner" },
    { course: "harassment-supervisor", when: "promoted_to_supervisor" },
    { course: "paris-safety", when: "moved_location", where: { location: "paris" } },
    {
      course: "sales-101",
      when: "moved_department",
      where: { department: "Sales", role: "non-supervisor" },
    },
    { course: "contractor-intro", when: "new_learner", where: { employment_type: "Contractor" } },
  ];
  const options = { ...OPTIONS, course_rules: rules };

  it.each<[string, Learner | undefined, Learner, string[]]>([
    ["new learner", undefined, learner("1"), ["onboarding"]],
    [
      "new contractor",
      undefined,
      learner("1", { employment_type: "Contractor" }),
      ["onboarding", "contractor-intro"],
    ],
    ["new but terminated", undefined, learner("1", { status: "archived" }), []],
    ["promoted", learner("1"), learner("1", { role: "supervisor" }), ["harassment-supervisor"]],
    ["already a supervisor", learner("1", { role: "supervisor" }), learner("1", { role: "supervisor" }), []],
    ["moved to Paris", learner("1"), learner("1", { location: "Paris" }), ["paris-safety"]],
    ["moved to Berlin", learner("1"), learner("1", { location: "Berlin" }), []],
    ["moved to Sales", learner("1"), learner("1", { department: "Sales" }), ["sales-101"]],
    [
      "supervisor moved to Sales",
      learner("1", { role: "supervisor" }),
      learner("1", { role: "supervisor", department: "Sales" }),
      [],
    ],
    ["nothing changed", learner("1"), learner("1"), []],
  ])("%s", (_name, before, after, courses) => {
    const plan = planChanges(before ? [held(before)] : [], [after], [], options);
    expect(plan.assignments.map((entry) => entry.course)).toEqual(courses);
  });

  it("sees no move or promotion in a field the target does not keep (it reads back empty)", () => {
    const dropped = held(learner("1", { department: null, location: null, role: "non-supervisor" }));
    const desired = learner("1", { department: "Sales", location: "Paris", role: "supervisor" });
    const fields: (keyof Learner)[] = ["email", "first_name", "status"];
    expect(planChanges([dropped], [desired], [], { ...options, fields }).assignments).toEqual([]);
    expect(planChanges([dropped], [desired], [], options).assignments.map((entry) => entry.course)).toEqual([
      "harassment-supervisor",
      "paris-safety",
    ]);
  });

  it("assigns once per learner: an existing assignment is not repeated", () => {
    const plan = planChanges(
      [held(learner("1"))],
      [learner("1", { location: "Paris" })],
      [{ ref: "1", course: "paris-safety" }],
      options,
    );
    expect(plan.assignments).toEqual([]);
  });

  it("every_learner gives every active learner matching the rule the course they lack, however old", () => {
    const everyone = {
      ...OPTIONS,
      now: "2026-03-10T12:00:00.000Z",
      course_rules: [
        { course: "code-of-conduct", when: "every_learner" as const, where: { location: "London" } },
      ],
    };
    const veteran = { ...held(learner("1")), created_at: "2019-01-01T00:00:00.000Z" };
    const plan = planChanges(
      [veteran, held(learner("2")), held(learner("3")), held(learner("4", { location: "Paris" }))],
      [
        learner("1"),
        learner("2"),
        learner("3", { status: "archived" }),
        learner("4", { location: "Paris" }),
        learner("5"),
      ],
      [{ ref: "2", course: "code-of-conduct" }],
      everyone,
    );
    expect(plan.assignments.map((entry) => [entry.external_id, entry.trigger])).toEqual([
      ["1", "every_learner"],
      ["5", "every_learner"],
    ]);
  });

  describe("a learner the target created recently is still new", () => {
    const NOW = "2026-03-10T12:00:00.000Z";
    const ago = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
    const recent = { ...options, now: NOW };
    const contractor = learner("1", { employment_type: "Contractor" });

    const BOTH = ["onboarding", "contractor-intro"];
    interface Tweak {
      readonly current?: Partial<CurrentLearner["learner"]>;
      readonly desired?: Partial<Learner>;
      readonly options?: Partial<PlanOptions>;
    }
    // [case, the target's creation time, the courses it holds, new_learner courses planned, tweak]
    it.each<[string, string | undefined, string[], string[], Tweak?]>([
      ["created now, without the courses", NOW, [], BOTH],
      ["created 2 days ago, without the courses", ago(2), [], BOTH],
      ["created 2 days ago, with one course", ago(2), ["onboarding"], ["contractor-intro"]],
      ["created 2 days ago, with both", ago(2), BOTH, []],
      ["created at the window's start", ago(NEW_LEARNER_DAYS), [], BOTH],
      ["created just before the window", ago(NEW_LEARNER_DAYS + 0.001), [], []],
      ["created 60 days ago, without the courses", ago(60), [], []],
      ["no creation time", undefined, [], []],
      ["an unreadable creation time", "yesterday", [], []],
      ["created ahead of the sync's clock (skew)", ago(-0.01), [], BOTH],
      ["the sync's time unknown", ago(2), [], [], { options: { now: undefined } }],
      ["an LMS user adopted by email", ago(2), [], [], { current: { external_id: null } }],
      ["the employee terminated", ago(2), [], [], { desired: { status: "archived" } }],
    ])("%s", (_name, created, holds, courses, tweak = {}) => {
      const current: CurrentLearner = {
        ref: "u1",
        learner: { ...contractor, ...tweak.current },
        ...(created === undefined ? {} : { created_at: created }),
      };
      const existing = holds.map((course) => ({ ref: "u1", course }));
      const plan = planChanges([current], [{ ...contractor, ...tweak.desired }], existing, {
        ...recent,
        ...tweak.options,
      });
      expect(plan.assignments.map((entry) => [entry.course, entry.trigger])).toEqual(
        courses.map((course) => [course, "new_learner"]),
      );
    });

    it("still fires the change triggers alongside, once per course", () => {
      const current = { ...held(learner("1")), created_at: ago(1) };
      const plan = planChanges([current], [learner("1", { location: "Paris" })], [], recent);
      expect(plan.assignments.map((entry) => [entry.course, entry.trigger])).toEqual([
        ["onboarding", "new_learner"],
        ["paris-safety", "moved_location"],
      ]);
      expect(plan.creates).toEqual([]);
    });

    it("notifies the assignment, not a new learner", () => {
      const current = { ...held(learner("1")), created_at: ago(1) };
      const plan = planChanges([current], [learner("1")], [], { ...recent, notify_new_learners: true });
      expect(plan.notifications).toEqual([
        { kind: "assignment", external_id: "1", email: "p1@acme.test", course: "onboarding" },
      ]);
    });
  });

  it("queues notifications for new learners and new assignments only when asked", () => {
    const quiet = planChanges([], [learner("1")], [], options);
    expect(quiet.notifications).toEqual([]);
    const loud = planChanges([], [learner("1")], [], { ...options, notify_new_learners: true });
    expect(loud.notifications).toEqual([
      { kind: "new_learner", external_id: "1", email: "p1@acme.test" },
      { kind: "assignment", external_id: "1", email: "p1@acme.test", course: "onboarding" },
    ]);
  });
});
