import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { employeeSchema, schemaForType } from "./employee-schema.js";
import type { FieldMetadata } from "./field-metadata.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const field = (id: string, type: string, name = id): FieldMetadata => ({ id, name, type });

const fields = [
  field("root.id", "employee-reference"),
  field("root.email", "text", "Email"),
  field("work.title", "list"),
  field("work.startDate", "date"),
  field("work.siteId", "list_id"),
  field("work.reportsTo", "employee"),
  field("work.isManager", "boolean"),
  field("payroll.employment.contract", "list"),
  field("payroll.salary.base", "currency"),
  field("work.custom.field_1659639494941", "multi-list", "Skills"),
  field("work.tenureDuration", "period"),
];

describe("employeeSchema", () => {
  const schema = employeeSchema(fields);
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it("accepts Bob's nested form with nulls, labels and 19-digit string ids", () => {
    const employee = {
      id: "3332883884017713938",
      email: "ana@example.com",
      work: {
        title: "261454635",
        startDate: "2026-09-06",
        siteId: 2606110,
        reportsTo: {
          id: "3332883884017713001",
          displayName: "Bo",
          email: "bo@example.com",
          firstName: "Bo",
          surname: "Li",
        },
        isManager: false,
        custom: { field_1659639494941: ["ts", "go"] },
        tenureDuration: { periodISO: "P3Y", sortFactor: 1095, humanize: "3 years" },
      },
      payroll: { employment: { contract: null }, salary: { base: { value: 40000, currency: "USD" } } },
      humanReadable: { work: { title: "Engineer", isManager: "No" } },
    };
    expect(validate(employee), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects what Bob never sends: numeric ids, non-date start dates", () => {
    expect(validate({ id: 3332883884017713 })).toBe(false);
    expect(validate({ id: "1", work: { startDate: "06/09/2026" } })).toBe(false);
  });

  it("types custom fields from metadata and puts root fields at the top level", () => {
    const properties = schema.properties as Record<string, { properties?: Record<string, unknown> }>;
    expect(properties.email).toEqual({ type: ["string", "null"], title: "Email" });
    expect(properties.work?.properties?.custom).toMatchObject({
      properties: {
        field_1659639494941: { type: ["array", "null"], items: { type: "string" }, title: "Skills" },
      },
    });
    expect(properties.id).toEqual({ type: "string" });
    expect(schema.required).toEqual(["id"]);
  });

  it.each([
    ["text", ["string", "null"]],
    ["number", ["number", "null"]],
    ["employee-reference", ["string", "null"]],
    ["boolean", ["boolean", "null"]],
  ])("maps %s", (type, expected) => {
    expect(schemaForType(type).type).toEqual(expected);
  });
});
