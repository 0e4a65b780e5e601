import { describe, expect, it } from "vitest";
import { learner } from "../../../../test/fixtures/learner.js";
import type { Learner } from "../../learner.js";
import { learnerBody, toCurrentLearners } from "./learner-fields.js";

describe("learnerBody", () => {
  it("maps every field EasyLlama holds", () => {
    expect(learnerBody(learner("1", { manager_name: "P 2", phone: "650-312-1122" }))).toEqual({
      external_id: "1",
      email: "p1@acme.test",
      first_name: "P",
      last_name: "1",
      title: "Engineer",
      department: "R&D",
      location: "London",
      start_date: "2024-01-01",
      phone: "650-312-1122",
      employment_type: "Full time",
      manager: "P 2",
      role: "non-supervisor",
    });
  });

  it.each<[string, Partial<Learner>, (keyof Learner)[], Record<string, string | null>]>([
    ["a department", { department: "Sales" }, ["department"], { department: "Sales" }],
    ["a cleared title", { title: null }, ["title"], { title: null }],
    [
      "a manager name",
      { manager_name: "Jane Roe" },
      ["manager_name", "manager_external_id"],
      { manager: "Jane Roe" },
    ],
    ["a display name (no EasyLlama field)", { display_name: "Pat" }, ["display_name"], {}],
    ["status (written as DELETE or status)", { status: "archived" }, ["status"], {}],
    ["a cleared first name (required: kept)", { first_name: null }, ["first_name"], {}],
    ["an email", { email: "new@acme.test" }, ["email"], { email: "new@acme.test" }],
  ])("%s", (_, fields, changed, expected) => {
    expect(learnerBody({ ...learner("1"), ...fields }, changed)).toEqual(expected);
  });
});

describe("toCurrentLearners", () => {
  const row = (id: number, fields: Record<string, unknown>) => ({
    id,
    record: {
      id,
      first_name: "P",
      last_name: String(id),
      status: "active",
      role: "non-supervisor",
      ...fields,
    },
  });

  it("reads learners back, resolving the manager's name to the one learner who has it", () => {
    const current = toCurrentLearners([
      row(1, { email: "P1@Acme.test", external_id: "1", manager: "P 2", start_date: "2024-01-01" }),
      row(2, { email: "p2@acme.test", external_id: "2", status: "archived", role: "supervisor" }),
    ]);
    expect(current).toEqual([
      {
        ref: "1",
        learner: expect.objectContaining({
          external_id: "1",
          email: "p1@acme.test",
          display_name: "P 1",
          start_date: "2024-01-01",
          manager_external_id: "2",
          manager_name: "P 2",
          manager_email: "p2@acme.test",
          status: "active",
        }),
      },
      { ref: "2", learner: expect.objectContaining({ role: "supervisor", status: "archived" }) },
    ]);
  });

  it("leaves an ambiguous manager name unresolved and skips learners without email", () => {
    const current = toCurrentLearners([
      row(1, { email: "a@acme.test", manager: "P Twin" }),
      row(2, { email: "b@acme.test", last_name: "Twin" }),
      row(3, { email: "c@acme.test", last_name: "Twin" }),
      row(4, { email: null, external_id: "4" }),
    ]);
    expect(current.map((entry) => entry.ref)).toEqual(["1", "2", "3"]);
    expect(current[0]?.learner).toMatchObject({ manager_name: "P Twin", manager_external_id: null });
  });
});
