import { describe, expect, it } from "vitest";
import type { Learner } from "../learner.js";
import type { PlanOptions } from "./options.js";
import { isEmptyPlan } from "./plan.js";
import { planChanges } from "./plan-changes.js";
import { crowd, held, NONE, OPTIONS, summary, unmanaged, type Summary } from "../../../test/fixtures/plan.js";
import { learner } from "../../../test/fixtures/learner.js";

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
      {},
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
      entry.external_id === "x" ? unmanaged(entry, "x") : held(entry),
    );
    const plan = planChanges(currentLearners, desired, [], { ...OPTIONS, ...options });
    expect(summary(plan)).toEqual({ ...NONE, ...expected });
  });

  it("names the Bob employee whose active learner holds the email", () => {
    const plan = planChanges(
      [held(learner("1", { email: "a@acme.test" }))],
      [learner("2", { email: "a@acme.test" })],
      [],
      OPTIONS,
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

  it("leaves alone a field no learner holds while Bob has it for most, and writes one Bob has for only a few", () => {
    const stored = [
      held(learner("1", { title: null, phone: null })),
      held(learner("2", { title: null, phone: null })),
    ];
    stored.push(held(learner("4", { title: null, phone: null })));
    const wanted = [learner("1", { phone: "+1 555" }), learner("2"), learner("3"), learner("4")];
    const plan = planChanges(stored, wanted, [], {
      ...OPTIONS,
      fields: ["email", "status"],
      presumed_fields: ["title", "phone"],
    });
    // Titles for all three held: a target keeping titles would hold some, so it presumably drops them; one
    // rides on a write made anyway (its answer tells whether the target keeps titles after all).
    expect(plan.withheld).toEqual({ title: 2 });
    // One phone in three: likely new in Bob, so written; its answer shows whether the target keeps it.
    expect(summary(plan)).toEqual({ ...NONE, creates: ["3"], updates: [["1", ["phone", "title"]]] });

    // Nothing to write: no probe either, so a sync with nothing changed writes nothing.
    const calm = planChanges(stored, [learner("1"), learner("2"), learner("4")], [], {
      ...OPTIONS,
      fields: ["email", "status"],
      presumed_fields: ["title"],
    });
    expect([summary(calm), calm.withheld]).toEqual([NONE, { title: 3 }]);
  });

  it("compares only the fields the target stores", () => {
    const stored = held(learner("1", { start_date: null, display_name: null }));
    const wanted = learner("1", { start_date: "2024-05-01", display_name: "P One" });
    const fields = (["email", "title", "status"] as const).slice();
    const plan = planChanges([stored], [wanted], [], { ...OPTIONS, fields });
    expect(summary(plan)).toEqual(NONE);
    expect(plan.unchanged).toBe(1);
    const moved = planChanges([stored], [{ ...wanted, title: "Lead" }], [], { ...OPTIONS, fields });
    expect(summary(moved)).toEqual({ ...NONE, updates: [["1", ["title"]]] });
    // A link is planned even where the target does not store the manager's id (it reads back empty).
    const linked = planChanges([stored], [{ ...wanted, manager_external_id: "9" }], [], {
      ...OPTIONS,
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
      OPTIONS,
    );
    expect(plan.leavers_not_created).toBe(2);
    expect(plan.creates.map((entry) => entry.external_id)).toEqual(["4"]);
  });
});
