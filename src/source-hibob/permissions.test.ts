import { describe, expect, it } from "vitest";
import { describeField, missingFields, missingPermissionsMessage } from "./permissions.js";

const requested = [
  { id: "root.email", name: "Email", category: "Basic info" },
  { id: "work.department", name: "Department", category: "Work" },
  { id: "payroll.employment.contract", name: "Contract", category: "Employment" },
  { id: "home.mobilePhone", name: "Mobile phone", category: "Personal contact details" },
];

describe("missingFields", () => {
  it("finds the fields Bob silently left out, telling null (visible) from absent (hidden)", () => {
    const employees = [
      { id: "1", email: "a@x.io", work: { department: null }, home: {} },
      { id: "2", email: "b@x.io", work: { department: "42" } },
    ];
    expect(missingFields(requested, employees).map((field) => field.id)).toEqual([
      "payroll.employment.contract",
      "home.mobilePhone",
    ]);
  });

  it("counts a field as visible when any one employee carries it", () => {
    const employees = [
      { payroll: { employment: {} } },
      { payroll: { employment: { contract: "full_time" } }, home: { mobilePhone: null } },
    ];
    expect(missingFields(requested.slice(2), employees)).toEqual([]);
  });

  it("cannot judge fields without employees", () => {
    expect(missingFields(requested, [])).toEqual([]);
  });
});

describe("messages", () => {
  it("names each field the way it is ticked in the permission group", () => {
    expect(describeField({ id: "work.department", name: "Department", category: "Work" })).toBe(
      "Work › Department (work.department)",
    );
    const message = missingPermissionsMessage(requested.slice(1, 3));
    expect(message).toContain(
      "  - Work › Department (work.department)\n  - Employment › Contract (payroll.employment.contract)",
    );
    expect(message).toContain("about 10 seconds");
  });
});

describe("fields that need View and Edit", () => {
  it("are named with what the group must allow besides View", () => {
    const birthDate = {
      id: "personal.birthDate",
      name: "Date of Birth",
      category: "Personal",
      viewAndEdit: true,
    };
    expect(describeField(birthDate)).toBe(
      "Personal › Date of Birth (personal.birthDate) needs View and Edit",
    );
    const message = missingPermissionsMessage([birthDate, requested[1] ?? birthDate]);
    expect(message).toContain("  - Personal › Date of Birth (personal.birthDate) needs View and Edit\n");
    expect(message).toContain("  - Work › Department (work.department)\n");
    expect(message).toMatch(/View and Edit.*full date of birth, age and national ids/s);
    expect(missingPermissionsMessage(requested.slice(0, 2))).not.toContain("View and Edit");
  });
});
