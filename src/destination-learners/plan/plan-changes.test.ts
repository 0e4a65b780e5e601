import { describe, expect, it } from "vitest";
import type { Learner } from "./learner.js";
import type { CurrentLearner, Plan, PlanOptions } from "./plan.js";
import {
  assignmentOrder,
  isEmptyPlan,
  NEW_LEARNER_DAYS,
  planChanges,
  planMissing,
  withoutCreates,
} from "./plan.js";
import { learner } from "../../test/fixtures/learner.js";

const OPTIONS: PlanOptions = {
  archive_terminated: true,
  archive_missing: true,
  max_archive_percent: 10,
  course_rules: [],
  notify_new_learners: false,
  snapshot: true,
};

const held = (entry: Learner, ref = entry.external_id): CurrentLearner => ({ ref, learner: entry });
/** Twenty active learners so one vanished employee stays under the default 10% cap. */
const crowd = Array.from({ length: 20 }, (_, index) => learner(`c${index}`));

function summary(plan: Plan) {
  return {
    creates: plan.creates.map((entry) => entry.external_id),
    updates: plan.updates.map((entry) => [entry.ref, entry.changes.map((change) => change.field)]),
    archives: plan.archives.map((entry) => [entry.ref, entry.reason]),
    reactivations: plan.reactivations.map((entry) => [entry.ref, entry.learner.external_id]),
    rejects: plan.rejects.map((entry) => entry.external_id),
  };
}
type Summary = ReturnType<typeof summary>;
const NONE: Summary = { creates: [], updates: [], archives: [], reactivations: [], rejects: [] };

describe("planChanges", () => {
  it.each<[string, readonly Learner[], readonly Learner[], Partial<PlanOptions>, Partial<Summary>]>([
    ["new hire → create", crowd, [...crowd, learner("1")], {}, { creates: ["1"] }],
    [
      "title and department change → one update with just those fields",
      [...crowd, learner("1")],
      [...crowd, learner("1", { title: "Lead", department: "Ops" })],
      {},
      { updates: [["1", ["title", "department"]]] },
    ],
    [
      "email change under the same external id → update the email",
      [...crowd, learner("1")],
      [...crowd, learner("1", { email: "new@acme.test" })],
      {},
      { updates: [["1", ["email"]]] },
    ],
    [
      "termination → archive",
      [...crowd, learner("1")],
      [...crowd, learner("1", { status: "archived" })],
      {},
      { archives: [["1", "terminated"]] },
    ],
    [
      "termination with archive_terminated off → left active",
      [...crowd, learner("1")],
      [...crowd, learner("1", { status: "archived" })],
      { archive_terminated: false },
      {},
    ],
    [
      "terminated and never synced, archive_terminated off → still not created",
      crowd,
      [...crowd, learner("1", { status: "archived" })],
      { archive_terminated: false },
      {},
    ],
    [
      "terminated, archive_terminated off, learner already archived → left archived, not reactivated",
      [...crowd, learner("1", { status: "archived" })],
      [...crowd, learner("1", { status: "archived" })],
      { archive_terminated: false },
      {},
    ],
    [
      "a new id whose email is the active learner of an employee from another batch → rejected, not re-keyed",
      [...crowd, learner("1", { email: "a@acme.test" })],
      [...crowd, learner("2", { email: "a@acme.test" })],
      { snapshot: false },
      { rejects: ["2"] },
    ],
    [
      "terminated and never synced → nothing",
      crowd,
      [...crowd, learner("1", { status: "archived" })],
      {},
      {},
    ],
    [
      "vanished employee → archived as missing",
      [...crowd, learner("1")],
      crowd,
      {},
      { archives: [["1", "missing"]] },
    ],
    ["vanished, archive_missing off → kept", [...crowd, learner("1")], crowd, { archive_missing: false }, {}],
    [
      "vanished, partial (incremental) batch → kept",
      [...crowd, learner("1")],
      crowd,
      { snapshot: false },
      {},
    ],
    [
      "rehire under the same id → reactivate",
      [...crowd, learner("1", { status: "archived" })],
      [...crowd, learner("1")],
      {},
      { reactivations: [["1", "1"]] },
    ],
    [
      "rehire under a new Bob id with the same email (any case) → reactivate that learner, no duplicate",
      [...crowd, learner("1", { status: "archived", email: "jane@acme.test" })],
      [...crowd, learner("2", { email: "jane@acme.test" })],
      {},
      { reactivations: [["1", "2"]] },
    ],
    [
      "an LMS user without external id is linked by email",
      [...crowd, { ...learner("x", { email: "Jo@acme.test" }) }],
      [...crowd, learner("3", { email: "jo@acme.test", last_name: "x", display_name: "P x" })],
      {},
      { updates: [["x", ["external_id", "email"]]] },
    ],
    [
      "a new id whose email belongs to another active employee → rejected, not merged",
      [...crowd, learner("1", { email: "a@acme.test" })],
      [...crowd, learner("1", { email: "a@acme.test" }), learner("2", { email: "a@acme.test" })],
      {},
      { rejects: ["2"] },
    ],
    [
      "email change onto an address another learner keeps → rejected",
      [...crowd, learner("1"), learner("2", { status: "archived", email: "taken@acme.test" })],
      [
        ...crowd,
        learner("1", { email: "taken@acme.test" }),
        learner("2", { status: "archived", email: "taken@acme.test" }),
      ],
      {},
      { rejects: ["1"] },
    ],
    ["nothing changed → nothing", [...crowd, learner("1")], [...crowd, learner("1")], {}, {}],
  ])("%s", (_name, current, desired, options, expected) => {
    const currentLearners = current.map((entry) =>
      entry.external_id === "x"
        ? held({ ...entry, external_id: null } as unknown as Learner, "x")
        : held(entry),
    );
    const plan = planChanges(currentLearners, desired, [], { ...OPTIONS, ...options });
    expect(summary(plan)).toEqual({ ...NONE, ...expected });
  });

  it("names the Bob employee whose active learner holds the email", () => {
    const plan = planChanges(
      [held(learner("1", { email: "a@acme.test" }))],
      [learner("2", { email: "a@acme.test" })],
      [],
      { ...OPTIONS, snapshot: false },
    );
    expect(plan.rejects).toEqual([
      {
        external_id: "2",
        email: "a@acme.test",
        reason: "email a@acme.test already belongs to the active learner of Bob employee 1",
      },
    ]);
  });

  it("creates no learner, course or notification for a terminated employee with archive_terminated off", () => {
    const plan = planChanges([], [learner("1", { status: "archived" })], [], {
      ...OPTIONS,
      archive_terminated: false,
      notify_new_learners: true,
      course_rules: [{ course: "c", when: "new_learner" }],
    });
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it("reports field changes old → new", () => {
    const plan = planChanges([held(learner("1"))], [learner("1", { title: "Lead" })], [], OPTIONS);
    expect(plan.updates[0]?.changes).toEqual([{ field: "title", from: "Engineer", to: "Lead" }]);
  });

  it("is empty when nothing changed", () => {
    const plan = planChanges(
      crowd.map((entry) => held(entry)),
      crowd,
      [],
      OPTIONS,
    );
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.unchanged).toBe(20);
  });

  describe("the archive cap", () => {
    const ten = Array.from({ length: 10 }, (_, index) => learner(`t${index}`));
    it.each([
      [10, 1, 1],
      [10, 2, 0],
      [20, 2, 2],
      [100, 10, 10],
    ])("cap %d%% with %d of 10 missing → %d archived", (max, gone, archived) => {
      const plan = planChanges(
        ten.map((entry) => held(entry)),
        ten.slice(gone),
        [],
        { ...OPTIONS, max_archive_percent: max },
      );
      expect(plan.archives.length).toBe(archived);
      expect(plan.archive_hold === null).toBe(archived === gone);
    });

    it("explains why nobody was archived, and still archives explicit terminations", () => {
      const desired = [...ten.slice(3, 9), learner("t9", { status: "archived" })];
      const plan = planChanges(
        ten.map((entry) => held(entry)),
        desired,
        [],
        OPTIONS,
      );
      expect(plan.archives.map((entry) => [entry.ref, entry.reason])).toEqual([["t9", "terminated"]]);
      expect(plan.archive_hold).toMatchObject({ missing: 3, managed: 10, percent: 30, max_percent: 10 });
      expect(plan.archive_hold?.message).toMatch(/3 of 10 active learners \(30%\).*none were archived/);
    });

    it("ignores learners that are already archived or not managed", () => {
      const current = [
        ...crowd.map((entry) => held(entry)),
        held(learner("old", { status: "archived" })),
        held({ ...learner("lms"), external_id: null } as unknown as Learner, "lms"),
      ];
      expect(summary(planChanges(current, crowd, [], OPTIONS))).toEqual(NONE);
    });
  });

  describe("managers", () => {
    it("links a report to a manager that arrives after it, in the second pass", () => {
      const report = learner("r", { manager_external_id: "m", manager_name: "M" });
      const plan = planChanges([], [report, learner("m", { role: "supervisor" })], [], OPTIONS);
      expect(plan.creates.map((entry) => entry.external_id)).toEqual(["r", "m"]);
      expect(plan.managers).toEqual([{ external_id: "r", manager_external_id: "m" }]);
    });

    it("relinks when the manager changes, and not otherwise", () => {
      const before = learner("r", { manager_external_id: "m1" });
      const current = [held(before), held(learner("m1")), held(learner("m2"))];
      const same = planChanges(current, [before, learner("m1"), learner("m2")], [], OPTIONS);
      expect(same.managers).toEqual([]);
      const moved = planChanges(
        current,
        [{ ...before, manager_external_id: "m2" }, learner("m1"), learner("m2")],
        [],
        OPTIONS,
      );
      expect(moved.managers).toEqual([{ external_id: "r", manager_external_id: "m2" }]);
    });

    it("relinks on a target that keeps no manager id only when the manager's name or email changes", () => {
      // EasyLlama reads every learner back without a manager id: comparing ids would relink everyone, every sync.
      const stored = learner("r", { manager_name: "M 1", manager_email: "m1@acme.test" });
      const options = { ...OPTIONS, manager_links: false };
      const desired = { ...stored, manager_external_id: "m1" };
      expect(planChanges([held(stored)], [desired], [], options).managers).toEqual([]);
      const moved = {
        ...desired,
        manager_external_id: "m2",
        manager_name: "M 2",
        manager_email: "m2@acme.test",
      };
      expect(planChanges([held(stored)], [moved], [], options).managers).toEqual([
        { external_id: "r", manager_external_id: "m2" },
      ]);
    });
  });

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
    const options = { ...OPTIONS, course_rules: rules, snapshot: false };

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
      [
        "already a supervisor",
        learner("1", { role: "supervisor" }),
        learner("1", { role: "supervisor" }),
        [],
      ],
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
});

describe("deletions, planMissing and withoutCreates", () => {
  const options = { ...OPTIONS, snapshot: false };

  it("archives an active learner a deletion record names, by external id, as deleted", () => {
    const current = [held(learner("1")), held(learner("2", { status: "archived" })), held(learner("3"))];
    const plan = planChanges(current, [], [], { ...options, max_archive_percent: 100 }, ["1", "2", "9"]);
    expect(summary(plan)).toEqual({ ...NONE, archives: [["1", "deleted"]] });
    expect(planChanges(current, [], [], { ...options, archive_missing: false }, ["1"]).archives).toEqual([]);
  });

  it("caps deletion records like missing learners, counting those already archived in the sync", () => {
    const current = crowd.map((entry) => held(entry));
    const three = planChanges(current, [], [], options, ["c0", "c1", "c2"]);
    expect(three.archives).toEqual([]);
    expect(three.archive_hold).toMatchObject({ missing: 3, managed: 20, percent: 15, max_percent: 10 });
    expect(summary(planChanges(current, [], [], options, ["c0", "c1"])).archives).toEqual([
      ["c0", "deleted"],
      ["c1", "deleted"],
    ]);
    // Two archived earlier in the sync (18 still active): one more makes 3 of 20.
    const later = planChanges(current.slice(2), [], [], { ...options, archived_as_gone: 2 }, ["c2"]);
    expect(later.archive_hold).toMatchObject({ missing: 3, managed: 20 });
  });

  it("compares only the fields the target stores", () => {
    const stored = held(learner("1", { start_date: null, display_name: null }));
    const wanted = learner("1", { start_date: "2024-05-01", display_name: "P One" });
    const fields = (["email", "title", "status"] as const).slice();
    const plan = planChanges([stored], [wanted], [], { ...options, fields });
    expect(summary(plan)).toEqual(NONE);
    expect(plan.unchanged).toBe(1);
    const moved = planChanges([stored], [{ ...wanted, title: "Lead" }], [], { ...options, fields });
    expect(summary(moved)).toEqual({ ...NONE, updates: [["1", ["title"]]] });
    // A link is planned even where the target does not store the manager's id (it reads back empty).
    const linked = planChanges([stored], [{ ...wanted, manager_external_id: "9" }], [], {
      ...options,
      fields,
    });
    expect([summary(linked), linked.managers]).toEqual([
      NONE,
      [{ external_id: "1", manager_external_id: "9" }],
    ]);
  });

  it("counts the leavers it does not create, and only those", () => {
    const plan = planChanges(
      [held(learner("1", { status: "archived" }))],
      [
        learner("1", { status: "archived" }),
        learner("2", { status: "archived" }),
        learner("3", { status: "archived" }),
        learner("4"),
      ],
      [],
      { ...OPTIONS, snapshot: false },
    );
    expect(plan.leavers_not_created).toBe(2);
    expect(plan.creates.map((entry) => entry.external_id)).toEqual(["4"]);
  });

  it("planMissing archives active managed learners never seen in the pass, within the cap", () => {
    const current = [
      ...crowd.map((entry) => held(entry)),
      { ref: "lms", learner: { ...learner("x"), external_id: null } },
    ];
    const present = new Set(crowd.slice(1).map((entry) => entry.external_id));
    expect(summary(planMissing(current, present, OPTIONS))).toEqual({
      ...NONE,
      archives: [["c0", "missing"]],
    });
    const held10 = planMissing(current, new Set(["c0"]), OPTIONS);
    expect(held10.archives).toEqual([]);
    expect(held10.archive_hold).toMatchObject({ missing: 19, managed: 20, max_percent: 10 });
  });

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
        ...options,
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

  it("withoutCreates drops creates and what hangs on them", () => {
    const plan = planChanges(
      [held(learner("1"))],
      [learner("1", { title: "Lead" }), learner("2", { manager_external_id: "1" })],
      [],
      { ...options, notify_new_learners: true, course_rules: [{ course: "intro", when: "new_learner" }] },
    );
    const updateOnly = withoutCreates(plan);
    expect(summary(updateOnly)).toEqual({ ...NONE, updates: [["1", ["title"]]] });
    expect([updateOnly.managers, updateOnly.assignments, updateOnly.notifications]).toEqual([[], [], []]);
  });
});
