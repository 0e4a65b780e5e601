import { describe, expect, it } from "vitest";
import { SourceConfig } from "./config.js";
import type { FieldMetadata } from "./field-metadata.js";
import { selectFields } from "./selection.js";

function field(
  id: string,
  categoryId: string,
  name = id,
  categoryDisplayName = categoryId,
  type = "text",
): FieldMetadata {
  return { id, name, categoryId, categoryDisplayName, type };
}

const METADATA: FieldMetadata[] = [
  field("root.id", "root", "ID", "Basic info"),
  field("root.email", "root", "Email", "Basic info"),
  field("root.avatarUrl", "root", "Avatar URL", "Basic info"),
  field("work.department", "work", "Department", "Work"),
  field("work.custom.field_1659639494941", "work", "Cost center", "Work"),
  field("payroll.employment.contract", "employment", "Contract", "Employment"),
  field("payroll.employment.fte", "employment", "FTE %", "Employment"),
  field("payroll.salary.base", "payroll", "Base salary", "Payroll"),
  field("actualPayment.amount", "payroll", "Amount", "Payroll", "currency"),
  field(
    "payroll.variable.Executive bonus.amount",
    "payroll",
    "Executive bonus amount",
    "Payroll",
    "currency",
  ),
  field("personal.shortBirthDate", "personal", "Birthday", "Personal", "short-date"),
  field("personal.birthDate", "personal", "Date of Birth", "Personal", "date"),
  field("personal.age", "personal", "Age", "Personal", "number"),
  field("identification.nationalId", "identification", "National ID", "Identification", "ssn"),
  field("home.mobilePhone", "personalContact", "Personal mobile", "Personal contact details"),
  field("address.city", "address", "City", "Address"),
];

const config = (overrides: Record<string, unknown> = {}) =>
  SourceConfig.parse({ service_user_id: "u", service_user_token: "token-7f3a9c2e", ...overrides });

describe("selectFields", () => {
  it("reads the named fields and whole categories of the default groups, and nothing sensitive", () => {
    const selection = selectFields(config(), METADATA);
    expect(selection.ids).toEqual([
      "root.id",
      "root.email",
      "root.avatarUrl",
      "work.department",
      "work.custom.field_1659639494941",
      "payroll.employment.contract",
      "home.mobilePhone",
    ]);
    expect(selection.ids).not.toContain("payroll.salary.base");
    expect(selection.ids).not.toContain("address.city");
    expect(selection.unknown).toEqual([]);
  });

  it("adds sensitive groups only when chosen, and additional fields by id", () => {
    const selection = selectFields(
      config({ field_groups: ["basic_info", "salary"], additional_fields: ["address.city", "work.nope"] }),
      METADATA,
    );
    expect(selection.ids).toEqual([
      "root.id",
      "root.email",
      "root.avatarUrl",
      "payroll.salary.base",
      "payroll.variable.Executive bonus.amount",
      "address.city",
    ]);
    expect(selection.unknown).toEqual(["work.nope"]);
  });

  it("leaves out the Actual payments fields, which Bob's people search never returns", () => {
    const salary = selectFields(config({ field_groups: ["salary"] }), METADATA);
    expect(salary.ids).not.toContain("actualPayment.amount");
    expect(salary.fields.map((f) => f.id)).not.toContain("actualPayment.amount");
    expect(salary.unsearchable).toEqual([]);
    const asked = selectFields(config({ additional_fields: ["actualPayment.amount"] }), METADATA);
    expect(asked.ids).not.toContain("actualPayment.amount");
    expect(asked.unsearchable).toEqual(["actualPayment.amount"]);
    expect(asked.unknown).toEqual([]);
  });

  it("marks the fields Bob returns only with View and Edit: full date of birth, age and national ids", () => {
    const { requested } = selectFields(config({ field_groups: ["personal", "identification"] }), METADATA);
    const needsEdit = requested.filter((f) => f.viewAndEdit === true).map((f) => f.id);
    expect(needsEdit).toEqual(["identification.nationalId", "personal.birthDate", "personal.age"]);
    expect(requested.find((f) => f.id === "personal.shortBirthDate")?.viewAndEdit).toBeFalsy();
  });

  it("names each field the way the permission group shows it", () => {
    const { requested } = selectFields(config({ field_groups: ["contact_phone"] }), METADATA);
    expect(requested).toContainEqual({
      id: "home.mobilePhone",
      name: "Personal mobile",
      category: "Personal contact details",
    });
  });

  it("names a field's category from metadata, never from the first segment of its id", () => {
    const moved = "work.custom.field_1671024183224";
    const metadata: FieldMetadata[] = [
      ...METADATA,
      { id: "work.workMobile", name: "Work mobile", categoryId: "workContact", type: "text" },
      { id: "internal.status", name: "Status", categoryId: "lifecycle", type: "list" },
      field(moved, "category_1652274561548", "Forklift licence expiry", "Training & compliance", "date"),
      { id: "home.privateEmail", name: "Personal email", type: "text" },
    ];
    // Without a display name, Bob's own name for the category id; never "home", "work" or the group's label.
    const withoutNames = metadata.map((f) =>
      f.id === "home.mobilePhone" ? { ...f, categoryDisplayName: null } : f,
    );
    const { requested, ids } = selectFields(
      config({
        field_groups: ["work", "contact_phone", "lifecycle"],
        additional_fields: [moved, "home.privateEmail"],
      }),
      withoutNames,
    );
    const category = (id: string) => requested.find((f) => f.id === id)?.category;
    expect(category("home.mobilePhone")).toBe("Personal contact details");
    expect(category("work.workMobile")).toBe("Work contact details");
    expect(category("internal.status")).toBe("Lifecycle");
    expect(category(moved)).toBe("Training & compliance");
    // No category in the metadata at all: said so, not guessed from "home".
    expect(category("home.privateEmail")).toBe("(category not in Bob's field metadata)");
    // The moved field left Work: the work group no longer reads it, only additional_fields does.
    expect(selectFields(config({ field_groups: ["work"] }), withoutNames).ids).not.toContain(moved);
    expect(ids).toContain(moved);
  });

  it("always asks for root.id, which keys every record", () => {
    const withoutId = METADATA.filter((f) => f.id !== "root.id");
    expect(selectFields(config({ field_groups: ["work"] }), withoutId).ids[0]).toBe("root.id");
  });
});
