import { describe, expect, it } from "vitest";
import { learner } from "../../test/fixtures/learner.js";
import type { Plan } from "./plan/index.js";
import { NOTHING_APPLIED } from "./targets/target.js";
import { EMPTY_PLAN } from "./plan/index.js";
import type { CourseCount } from "../learner-events/index.js";
import { changeText, LearnerEvent, NO_COUNTS } from "../learner-events/index.js";
import {
  addResult,
  appliedAssignments,
  appliedChanges,
  countCourses,
  dryRunSummary,
  learnerName,
  lineBudget,
  planChangeCount,
  planChanges,
  recordName,
  rejectLine,
  runSummary,
  warningLine,
} from "./report.js";

describe("planChanges as log lines", () => {
  it("names each learner, then what changed: fields old → new, the archive reason, the course", () => {
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [learner("1")],
      updates: [
        {
          ref: "2",
          learner: learner("2", { title: "Lead", phone: "+1 555" }),
          changes: [
            { field: "title", from: "Engineer", to: "Lead" },
            { field: "phone", from: null, to: "+1 555" },
          ],
        },
      ],
      reactivations: [
        { ref: "3", learner: learner("3"), changes: [{ field: "status", from: "archived", to: "active" }] },
      ],
      archives: [
        {
          ref: "4",
          learner: learner("4", { status: "archived" }),
          changes: [{ field: "status", from: "active", to: "archived" }],
          reason: "missing",
        },
      ],
      assignments: [
        { external_id: "1", email: "p1@acme.test", course: "Onboarding", trigger: "new_learner" },
      ],
    };
    const names = new Map([["1", "Jane Doe"]]);
    expect([...planChanges(plan, names)].map(changeText)).toEqual([
      "create learner P 1 <p1@acme.test>",
      'update learner P 2 <p2@acme.test>: title: "Engineer" → "Lead", phone: null → "+1 555"',
      "reactivate learner P 3 <p3@acme.test>",
      "archive learner P 4 <p4@acme.test>: missing",
      "assign 'Onboarding' to Jane Doe <p1@acme.test> (new learner)",
    ]);
    // Without a name, the id and the email name the learner, as before names were carried.
    expect([...planChanges(plan)].map(changeText).at(-1)).toBe(
      "assign 'Onboarding' to employee 1 <p1@acme.test> (new learner)",
    );
  });
});

describe("appliedChanges", () => {
  const plan: Plan = {
    ...EMPTY_PLAN,
    creates: [learner("1"), learner("2")],
    assignments: [
      { external_id: "1", email: "p1@acme.test", course: "Onboarding", trigger: "new_learner" },
      { external_id: "2", email: "p2@acme.test", course: "Onboarding", trigger: "new_learner" },
    ],
  };
  const reject = (id: string) => ({ external_id: id, email: null, reason: "refused", record: null });

  it("lists every change when the target took them all", () => {
    const result = { ...NOTHING_APPLIED, created: 2, assigned: 2 };
    const { changes, total } = appliedChanges(plan, result);
    expect([...changes].map(changeText)).toHaveLength(4);
    expect(total).toBe(4);
  });

  it("leaves out a create the target refused, and the course of a learner whose assignment it refused", () => {
    const refusedCreate = {
      ...NOTHING_APPLIED,
      created: 1,
      assigned: 1,
      rejects: [reject("2")],
      not_written: ["2"],
    };
    expect([...appliedChanges(plan, refusedCreate).changes].map(changeText)).toEqual([
      "create learner P 1 <p1@acme.test>",
      "assign 'Onboarding' to employee 1 <p1@acme.test> (new learner)",
    ]);
    const refusedCourse = { ...NOTHING_APPLIED, created: 2, assigned: 1, rejects: [reject("1")] };
    const { changes, total } = appliedChanges(plan, refusedCourse);
    expect([...changes].map(changeText)).toEqual([
      "create learner P 1 <p1@acme.test>",
      "create learner P 2 <p2@acme.test>",
      "assign 'Onboarding' to employee 2 <p2@acme.test> (new learner)",
    ]);
    expect(appliedAssignments(plan, refusedCourse).map((entry) => entry.external_id)).toEqual(["2"]);
    expect(total).toBe(3);
  });
});

describe("lineBudget", () => {
  it("lets the first lines through across calls and counts the rest", () => {
    const budget = lineBudget(3);
    expect(budget.take(["a", "b"], 2)).toEqual(["a", "b"]);
    expect(budget.moreLine()).toBeNull();
    expect(budget.take(["c", "d", "e"], 3)).toEqual(["c"]);
    expect(budget.take(["f"], 1)).toEqual([]);
    expect(budget.moreLine()).toBe("… and 3 more");
  });

  it("stops formatting lines once full, still counting every one", () => {
    const budget = lineBudget(1);
    let formatted = 0;
    function* lines(): Generator<string> {
      for (let i = 0; i < 1000; i += 1) {
        formatted += 1;
        yield `line ${i}`;
      }
    }
    expect(budget.take(lines(), 1000)).toEqual(["line 0"]);
    expect(formatted).toBeLessThanOrEqual(2);
    expect(budget.more()).toBe(999);
  });

  it("counts a plan's changes as planChanges gives them", () => {
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [learner("1"), learner("2")],
      archives: [{ ref: "4", learner: learner("4"), changes: [], reason: "deleted" }],
      assignments: [
        { external_id: "1", email: "p1@acme.test", course: "Onboarding", trigger: "new_learner" },
      ],
    };
    expect(planChangeCount(plan)).toBe([...planChanges(plan)].length);
  });
});

describe("summaries", () => {
  const totals = {
    ...addResult(NO_COUNTS, {
      created: 2,
      updated: 1,
      archived: 1,
      reactivated: 0,
      managers_linked: 1,
      assigned: 3,
      notified: 0,
      rejects: [],
      not_written: [],
    }),
    rejected: 4,
    skipped: 5,
  };

  it("name every count", () => {
    expect(runSummary(totals)).toBe(
      "Learners: created 2, updated 1, archived 1, reactivated 0, managers linked 1, assigned 3, notified 0, " +
        "rejected 4, skipped by filters 5, leavers not created 0.",
    );
    expect(dryRunSummary(totals)).toMatch(/^Dry run, nothing was written\. Learners: created 2, updated 1/);
  });

  it("a reject line names the person, or else the employee by id and email", () => {
    expect(rejectLine({ external_id: "7", email: null, reason: "employee has no email" })).toBe(
      "Rejected employee 7: employee has no email",
    );
    expect(
      rejectLine({ external_id: "7", email: null, name: "Jane Doe", reason: "employee has no email" }),
    ).toBe("Rejected Jane Doe (employee 7): employee has no email");
    expect(rejectLine({ external_id: "7", email: "j@acme.test", name: "Jane Doe", reason: "taken" })).toBe(
      "Rejected Jane Doe <j@acme.test>: taken",
    );
    expect(rejectLine({ external_id: null, email: "a@b.test", reason: "employee has no id" })).toBe(
      "Rejected employee (no id) <a@b.test>: employee has no id",
    );
  });
});

describe("planChanges", () => {
  const plan: Plan = {
    ...EMPTY_PLAN,
    creates: [learner("1", { email: 'o>brien"@acme.test' })],
    updates: [
      {
        ref: "2",
        learner: learner("2", { title: "Lead\u2028> boss" }),
        changes: [{ field: "title", from: "Engineer", to: "Lead\u2028> boss" }],
      },
    ],
    archives: [{ ref: "4", learner: learner("4"), changes: [], reason: "deleted" }],
    assignments: [
      { external_id: "1", email: "p1@acme.test", course: "It's > 101", trigger: "every_learner" },
    ],
  };

  it("gives each change as the event contract says it, whatever its values hold", () => {
    const changes = [...planChanges(plan)];
    for (const change of changes) {
      expect(LearnerEvent.safeParse({ v: 1, kind: "change", change })).toMatchObject({ success: true });
    }
    expect(changes).toEqual([
      { action: "create", employee_id: "1", email: 'o>brien"@acme.test', name: "P 1" },
      {
        action: "update",
        employee_id: "2",
        email: "p2@acme.test",
        name: "P 2",
        fields: [{ field: "title", from: "Engineer", to: "Lead\u2028> boss" }],
      },
      { action: "archive", employee_id: "4", email: "p4@acme.test", name: "P 4", reason: "deleted" },
      {
        action: "assign",
        employee_id: "1",
        email: "p1@acme.test",
        name: null,
        course: "It's > 101",
        trigger: "every_learner",
      },
    ]);
  });
});

describe("warningLine", () => {
  it("names the employee by id and email, or id alone", () => {
    expect(warningLine({ external_id: "7", email: "a@acme.test", message: "no start date" })).toBe(
      "Employee 7 <a@acme.test>: no start date",
    );
    expect(warningLine({ external_id: "7", email: null, message: "no start date" })).toBe(
      "Employee 7: no start date",
    );
  });
});

describe("learner names", () => {
  it("are the display name, else the first and last names, else none", () => {
    expect(learnerName(learner("1"))).toBe("P 1");
    expect(learnerName(learner("1", { display_name: null }))).toBe("P 1");
    expect(learnerName(learner("1", { display_name: null, first_name: null }))).toBe("1");
    expect(learnerName(learner("1", { display_name: null, first_name: null, last_name: null }))).toBeNull();
  });

  it("are read from what a reject keeps: a learner, or the mapping's summary of Bob's record", () => {
    expect(recordName(learner("3"))).toBe("P 3");
    expect(recordName({ id: "3", email: "x", display_name: "Jane Doe" })).toBe("Jane Doe");
    expect(recordName({ id: "3", display_name: "  " })).toBeNull();
    expect(recordName(null)).toBeNull();
    expect(recordName("Jane")).toBeNull();
  });
});

describe("countCourses", () => {
  it("counts assignments per course and trigger, in the order courses first came", () => {
    const counts = new Map<string, CourseCount>();
    countCourses(counts, [
      { course: "Onboarding", trigger: "new_learner" },
      { course: "Leading people", trigger: "promoted_to_supervisor" },
      { course: "Onboarding", trigger: "new_learner" },
    ]);
    countCourses(counts, [{ course: "Onboarding", trigger: "every_learner" }]);
    expect([...counts.values()]).toEqual([
      { course: "Onboarding", trigger: "new_learner", learners: 2 },
      { course: "Leading people", trigger: "promoted_to_supervisor", learners: 1 },
      { course: "Onboarding", trigger: "every_learner", learners: 1 },
    ]);
  });
});
