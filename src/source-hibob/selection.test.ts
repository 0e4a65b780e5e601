import { describe, expect, it } from "vitest";
import { SourceConfig } from "./config.js";
import type { FieldMetadata } from "./field-metadata.js";
import { selectFields } from "./selection.js";

function field(id: string, categoryId: string, name = id, categoryDisplayName = categoryId): FieldMetadata {
  return { id, name, categoryId, categoryDisplayName, type: "text" };
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
  field("home.mobilePhone", "personalContact", "Personal mobile", "Personal contact details"),
  field("address.city", "address", "City", "Address"),
];

const config = (overrides: Record<string, unknown> = {}) =>
  SourceConfig.parse({ service_user_id: "u", service_user_token: "t", ...overrides });

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
      "address.city",
    ]);
    expect(selection.unknown).toEqual(["work.nope"]);
  });

  it("names each field the way the permission group shows it", () => {
    const { requested } = selectFields(config({ field_groups: ["contact_phone"] }), METADATA);
    expect(requested).toContainEqual({
      id: "home.mobilePhone",
      name: "Personal mobile",
      category: "Personal contact details",
    });
  });

  it("always asks for root.id, which keys every record", () => {
    const withoutId = METADATA.filter((f) => f.id !== "root.id");
    expect(selectFields(config({ field_groups: ["work"] }), withoutId).ids[0]).toBe("root.id");
  });
});
