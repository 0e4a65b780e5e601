import { describe, expect, it } from "vitest";
import { employee } from "../../test/fixtures/employee.js";
import { DEFAULT_FIELD_MAPPING, fieldMapping } from "./field-mapping.js";
import { mapEmployee } from "./mapping.js";

const ID = "3332883884017713938";
const MANAGER = {
  id: "3332883884017713001",
  firstName: "Max",
  surname: "Boss",
  email: " Max.Boss@Acme.test ",
  displayName: "Max Boss",
};

describe("mapEmployee", () => {
  it("maps a Bob employee with labels from humanReadable, never list ids", () => {
    const result = mapEmployee(
      employee({
        id: ID,
        email: "  Jane.Doe@ACME.test ",
        mobilePhone: " +44 7700 900123 ",
        startDate: "2024-02-29",
        reportsTo: MANAGER,
        isManager: true,
      }),
      DEFAULT_FIELD_MAPPING,
    );
    expect(result).toEqual({
      ok: true,
      learner: {
        external_id: ID,
        email: "jane.doe@acme.test",
        first_name: "Jane",
        last_name: "Doe",
        display_name: "Jane Doe",
        title: "Engineer",
        department: "R&D",
        location: "London",
        start_date: "2024-02-29",
        phone: "+44 7700 900123",
        employment_type: "Full time",
        manager_external_id: MANAGER.id,
        manager_name: "Max Boss",
        manager_email: "max.boss@acme.test",
        role: "supervisor",
        status: "active",
      },
    });
  });

  it.each([
    ["employed", "active"],
    ["hired", "active"],
    ["leave", "active"],
    ["garden leave", "active"],
    ["Parental Leave", "active"],
    ["terminated", "archived"],
    ["Terminated", "archived"],
  ])("lifecycle %s → %s", (lifecycleStatus, status) => {
    const result = mapEmployee(employee({ id: ID, lifecycleStatus }), DEFAULT_FIELD_MAPPING);
    expect(result.ok && result.learner.status).toBe(status);
  });

  it("archives an employee the source marks as deleted", () => {
    const record = { ...employee({ id: ID }), _ab_cdc_deleted_at: "2026-01-01T00:00:00Z" };
    const result = mapEmployee(record, DEFAULT_FIELD_MAPPING);
    expect(result.ok && result.learner.status).toBe("archived");
  });

  it.each([
    [{ email: null }, /no email/],
    [{ email: "   " }, /no email/],
    [{ email: "not-an-address" }, /not an address/],
    [{ startDate: "01/05/2015" }, /not YYYY-MM-DD/],
    [{ lifecycleStatus: "mystery" }, /unknown lifecycle status 'mystery'/],
  ])("rejects %j with a reason", (fields, reason) => {
    const record = employee({ id: ID, ...fields });
    const result = mapEmployee(record, DEFAULT_FIELD_MAPPING);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      expect(result.external_id).toBe(ID);
      expect(result.record).not.toBe(record);
    }
  });

  it("keeps only what identifies the employee and explains the reject, not the whole record", () => {
    const record = {
      ...employee({
        id: ID,
        email: " Jane@Acme.test ",
        startDate: "01/05/2015",
        lifecycleStatus: "Employed",
      }),
      payroll: { salary: { base: 90000 } },
      home: { mobilePhone: "+44 7700 900123", address: "1 Secret Lane" },
    };
    const result = mapEmployee(record, DEFAULT_FIELD_MAPPING);
    expect(result).toMatchObject({ ok: false, reason: "start date '01/05/2015' is not YYYY-MM-DD" });
    expect(!result.ok && result.record).toEqual({
      id: ID,
      email: "Jane@Acme.test",
      display_name: "Jane Doe",
      lifecycle_status: "Employed",
    });
  });

  it("rejects a record without an id", () => {
    const result = mapEmployee({ email: "a@b.test" }, DEFAULT_FIELD_MAPPING);
    expect(result).toMatchObject({ ok: false, reason: "employee has no id", email: "a@b.test" });
  });

  it.each([
    [{ mobilePhone: "+1 650 312 1122" }, "+1 650 312 1122"],
    [{ mobilePhone: null, workMobile: " 650-312-1122" }, "650-312-1122"],
    [{ mobilePhone: "", workMobile: null }, null],
  ])("phone falls back in order: %j → %s", (fields, phone) => {
    const result = mapEmployee(employee({ id: ID, ...fields }), DEFAULT_FIELD_MAPPING);
    expect(result.ok && result.learner.phone).toBe(phone);
  });

  it("leaves a label null when humanReadable has none, rather than use the list id", () => {
    const record = employee({ id: ID });
    delete (record as { humanReadable?: unknown }).humanReadable;
    const result = mapEmployee(record, DEFAULT_FIELD_MAPPING);
    expect(result.ok && [result.learner.title, result.learner.department]).toEqual([null, null]);
  });

  it("applies field_mapping overrides and keeps the other defaults", () => {
    const mapping = fieldMapping({ phone: ["work.workMobile", "home.mobilePhone"], title: ["work.site"] });
    const result = mapEmployee(
      employee({ id: ID, mobilePhone: "home", workMobile: "work", site: "Paris" }),
      mapping,
    );
    expect(result.ok && [result.learner.phone, result.learner.title, result.learner.email]).toEqual([
      "work",
      "Paris",
      `jane.${ID}@acme.test`,
    ]);
  });

  it("builds the manager name from first name and surname when displayName is missing", () => {
    const result = mapEmployee(
      employee({ id: ID, reportsTo: { ...MANAGER, displayName: "" } }),
      DEFAULT_FIELD_MAPPING,
    );
    expect(result.ok && result.learner.manager_name).toBe("Max Boss");
  });
});
