import { describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import type { Plan } from "../plan/index.js";
import { EMPTY_PLAN } from "../plan/index.js";
import { appliedSnapshot } from "./applied-snapshot.js";
import type { TargetSnapshot } from "./target.js";
import { NOTHING_APPLIED } from "./target.js";

const held: TargetSnapshot = {
  learners: [
    { ref: "u1", learner: learner("1"), created_at: "2026-01-01T00:00:00Z" },
    { ref: "u2", learner: learner("2") },
  ],
  assignments: [{ ref: "u1", course: "Onboarding" }],
  fields: ["email", "title"],
};

// The target's ids of every learner it holds, as a remote directory keeps them.
const ids = new Map([
  ["1", "u1"],
  ["2", "u2"],
  ["3", "u3"],
  ["4", "u4"],
]);
const refOf = (externalId: string) => ids.get(externalId);

describe("appliedSnapshot", () => {
  it("holds what the plan wrote: creates under the target's new ids, changes and their assignments", () => {
    const promoted = learner("1", { title: "Lead", role: "supervisor" });
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [learner("3")],
      updates: [
        { ref: "u1", learner: promoted, changes: [{ field: "title", from: "Engineer", to: "Lead" }] },
      ],
      archives: [
        {
          ref: "u2",
          learner: learner("2", { status: "archived" }),
          changes: [{ field: "status", from: "active", to: "archived" }],
          reason: "terminated",
        },
      ],
      assignments: [
        { external_id: "3", email: "p3@acme.test", course: "Onboarding", trigger: "new_learner" },
        { external_id: "1", email: "p1@acme.test", course: "Leading", trigger: "promoted_to_supervisor" },
      ],
    };
    expect(appliedSnapshot(held, plan, NOTHING_APPLIED, refOf)).toEqual({
      learners: [
        { ref: "u1", learner: promoted, created_at: "2026-01-01T00:00:00Z" },
        { ref: "u2", learner: learner("2", { status: "archived" }) },
        { ref: "u3", learner: learner("3") },
      ],
      assignments: [
        { ref: "u1", course: "Onboarding" },
        { ref: "u3", course: "Onboarding" },
        { ref: "u1", course: "Leading" },
      ],
      fields: ["email", "title"],
    });
  });

  it("leaves out the writes of rejected learners and of creates the target gave no id", () => {
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [learner("3"), learner("4"), learner("5")],
      updates: [{ ref: "u1", learner: learner("1", { title: "Lead" }), changes: [] }],
      assignments: [
        { external_id: "4", email: "p4@acme.test", course: "Onboarding", trigger: "new_learner" },
      ],
      rejects: [{ external_id: "1", email: "p1@acme.test", reason: "planned reject" }],
    };
    const result = {
      ...NOTHING_APPLIED,
      rejects: [{ external_id: "4", email: "p4@acme.test", reason: "SCIM 400", record: null }],
      not_written: ["4"],
    };
    const after = appliedSnapshot(held, plan, result, refOf);
    expect(after.learners.map((entry) => entry.ref)).toEqual(["u1", "u2", "u3"]);
    expect(after.learners[0]?.learner.title).toBe("Engineer");
    expect(after.assignments).toEqual(held.assignments);
  });

  it("keeps a learner whose course or manager link was refused: its own write took effect", () => {
    const moved = learner("3", { email: "new.p3@acme.test" });
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [moved],
      assignments: [{ external_id: "3", email: moved.email, course: "Onboarding", trigger: "new_learner" }],
    };
    const result = {
      ...NOTHING_APPLIED,
      rejects: [
        { external_id: "3", email: moved.email, reason: "course group 'Onboarding': SCIM 403", record: null },
      ],
    };
    const after = appliedSnapshot(held, plan, result, refOf);
    expect(after.learners.at(-1)).toEqual({ ref: "u3", learner: moved });
    expect(after.assignments).toEqual(held.assignments);
  });
});
