import { describe, expect, it } from "vitest";
import { learner } from "../../test/fixtures/learner.js";
import type { Plan } from "./plan.js";
import { EMPTY_PLAN } from "./plan.js";
import {
  addResult,
  dryRunSummary,
  lineBudget,
  NO_TOTALS,
  planLines,
  rejectLine,
  runSummary,
} from "./report.js";

describe("planLines", () => {
  it("lists each learner change by id and email, with fields old → new", () => {
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
    expect([...planLines(plan)]).toEqual([
      "create employee 1 <p1@acme.test>",
      'update employee 2 <p2@acme.test>: title: "Engineer" → "Lead", phone: null → "+1 555"',
      "reactivate employee 3 <p3@acme.test>",
      "archive employee 4 <p4@acme.test> (missing)",
      "assign 'Onboarding' to employee 1 <p1@acme.test> (new learner)",
    ]);
  });
});

describe("lineBudget", () => {
  it("lets the first lines through across calls and counts the rest", () => {
    const budget = lineBudget(3);
    expect(budget.take(["a", "b"])).toEqual(["a", "b"]);
    expect(budget.moreLine()).toBeNull();
    expect(budget.take(["c", "d", "e"])).toEqual(["c"]);
    expect(budget.take(["f"])).toEqual([]);
    expect(budget.moreLine()).toBe("… and 3 more");
  });
});

describe("summaries", () => {
  const totals = {
    ...addResult(NO_TOTALS, {
      created: 2,
      updated: 1,
      archived: 1,
      reactivated: 0,
      managers_linked: 1,
      assigned: 3,
      notified: 0,
      rejects: [],
    }),
    rejected: 4,
    skipped: 5,
  };

  it("name every count", () => {
    expect(runSummary(totals)).toBe(
      "Learners: created 2, updated 1, archived 1, reactivated 0, managers linked 1, assigned 3, notified 0, " +
        "rejected 4, skipped by filters 5.",
    );
    expect(dryRunSummary(totals)).toMatch(/^Dry run, nothing was written\. Planned: created 2, updated 1/);
  });

  it("a reject line names the employee by id and email only", () => {
    expect(rejectLine({ external_id: "7", email: null, reason: "employee has no email" })).toBe(
      "Rejected employee 7: employee has no email",
    );
    expect(rejectLine({ external_id: null, email: "a@b.test", reason: "employee has no id" })).toBe(
      "Rejected employee (no id) <a@b.test>: employee has no id",
    );
  });
});
