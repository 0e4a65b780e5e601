import { describe, expect, it } from "vitest";
import { changeText, fieldList, personText, rejectText } from "./describe.js";

describe("personText", () => {
  it.each([
    [{ employee_id: "7", email: "jane@acme.example", name: "Jane Doe" }, "Jane Doe <jane@acme.example>"],
    [{ employee_id: "7", email: null, name: "Jane Doe" }, "Jane Doe (employee 7)"],
    [{ employee_id: "7", email: "jane@acme.example", name: null }, "employee 7 <jane@acme.example>"],
    [{ employee_id: "7", email: "jane@acme.example" }, "employee 7 <jane@acme.example>"],
    [{ employee_id: "7", email: null, name: "" }, "employee 7"],
    [{ employee_id: null, email: null }, "employee (no id)"],
  ])("names %j as %s", (entry, text) => {
    expect(personText(entry)).toBe(text);
  });
});

describe("change and reject lines", () => {
  it("say who by name first, then what changed", () => {
    const person = { employee_id: "7", email: "jane@acme.example", name: "Jane Doe" };
    expect(changeText({ action: "create", ...person })).toBe("create learner Jane Doe <jane@acme.example>");
    expect(
      changeText({ action: "update", ...person, fields: [{ field: "title", from: "A", to: "B" }] }),
    ).toBe('update learner Jane Doe <jane@acme.example>: title: "A" → "B"');
    expect(
      changeText({
        action: "reactivate",
        ...person,
        fields: [{ field: "status", from: "archived", to: "active" }],
      }),
    ).toBe("reactivate learner Jane Doe <jane@acme.example>");
    expect(changeText({ action: "archive", ...person, reason: "terminated" })).toBe(
      "archive learner Jane Doe <jane@acme.example>: terminated",
    );
    expect(changeText({ action: "assign", ...person, course: "Onboarding", trigger: "new_learner" })).toBe(
      "assign 'Onboarding' to Jane Doe <jane@acme.example> (new learner)",
    );
    expect(rejectText({ ...person, email: null, reason: "no email" })).toBe(
      "Jane Doe (employee 7): no email",
    );
  });

  it("spell out what a value hides, as JSON leaves bidi controls and line separators", () => {
    expect(fieldList([{ field: "first_name", from: "A\u202e", to: "B\u2028\n" }])).toBe(
      'first_name: "A\\u202E" → "B\\u2028\\n"',
    );
  });
});
