import { describe, expect, it } from "vitest";
import { hasField, nestedPath, readBobField, readField } from "./bob-field-path.js";

const employee = {
  email: "jane@acme.test",
  work: { department: "R&D", reportsTo: null, site: { name: "London" } },
  list: ["a"],
};

describe("Bob field paths", () => {
  it.each([
    ["root.email", ["email"]],
    ["work.department", ["work", "department"]],
    ["payroll.employment.contract", ["payroll", "employment", "contract"]],
  ])("%s lives at %j", (fieldId, path) => {
    expect(nestedPath(fieldId)).toEqual(path);
  });

  it.each([
    ["root.email", "jane@acme.test"],
    ["work.department", "R&D"],
    ["work.reportsTo", null],
    ["work.title", undefined],
    ["work.department.name", undefined],
    ["root.toString", undefined],
  ])("readBobField %s → %j", (fieldId, value) => {
    expect(readBobField(employee, fieldId)).toBe(value);
  });

  it("tells a field Bob sent as null from one it left out, and reads no array as an object", () => {
    expect(hasField(employee, ["work", "reportsTo"])).toBe(true);
    expect(hasField(employee, ["work", "title"])).toBe(false);
    expect(hasField(employee, ["list", "0"])).toBe(false);
    expect(hasField(employee, ["constructor"])).toBe(false);
    expect(readField(employee, ["work", "site", "name"])).toBe("London");
  });
});
