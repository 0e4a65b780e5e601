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
      warnings: [],
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

  describe("emails", () => {
    const emailOf = (email: string) => mapEmployee(employee({ id: ID, email }), DEFAULT_FIELD_MAPPING);

    it.each([
      ["  Jane.Doe@ACME.test ", "jane.doe@acme.test"],
      ["jane+training@acme.test", "jane+training@acme.test"],
      // RFC 5321 allows an apostrophe, and real addresses have one (Siobhán O'Brien): never refused for it.
      ["Siobhan.O'Brien@acme.test", "siobhan.o'brien@acme.test"],
      ["zoë@acme.test", "zoë@acme.test"],
      ["jan@münchen.example", "jan@münchen.example"],
    ])("takes %j as %j (trimmed, lower-cased)", (email, expected) => {
      const result = emailOf(email);
      expect(result.ok && result.learner.email).toBe(expected);
    });

    it.each([
      ["jane<script>@acme.test", "it contains '<' (markup and quotes are not allowed)"],
      ["jane@acme.test>", "it contains '>' (markup and quotes are not allowed)"],
      ['"jane"@acme.test', `it contains '"' (markup and quotes are not allowed)`],
      ["jane`x@acme.test", "it contains '`' (markup and quotes are not allowed)"],
      ["jane\\x@acme.test", "it contains '\\' (markup and quotes are not allowed)"],
      ["jane\u0000@acme.test", "it contains the control character U+0000"],
      ["jane\x1b[2J@acme.test", "it contains the control character U+001B"],
      ["jane\r@acme.test", "it contains the control character U+000D"],
      ["jane\u0085@acme.test", "it contains the control character U+0085"],
      ["jane\u202e@acme.test", "it contains the invisible formatting character U+202E"],
      ["jane@acme\u2066.test", "it contains the invisible formatting character U+2066"],
      ["ja\u200bne@acme.test", "it contains the invisible formatting character U+200B"],
      ["ja\u061cne@acme.test", "it contains the invisible formatting character U+061C"],
      ["jane doe@acme.test", "it contains whitespace"],
      ["jane\u00a0doe@acme.test", "it contains whitespace"],
      ["jane\u2028doe@acme.test", "it contains whitespace"],
      ["jane@acme", "its domain 'acme' has no dot"],
      ["jane@localhost", "its domain 'localhost' has no dot"],
      ["not-an-address", "it has no @"],
      ["jane@doe@acme.test", "it has more than one @"],
      [`${"j".repeat(65)}@acme.test`, "its local part (before the @) is longer than 64 characters"],
      [`jane@${"a".repeat(64)}.test`, "a label of its domain is longer than 63 characters"],
      [`j@${"a.".repeat(125)}test`, "it is longer than 254 characters"],
      ["jane..doe@acme.test", "it is not a valid address"],
      ["jane@acme..test", "it is not a valid address"],
      ["jane@[127.0.0.1]", "it is not a valid address"],
    ])("rejects %j: %s", (email, why) => {
      const result = emailOf(email);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toMatch(/^email '.*' is not an address: /s);
      expect(result.reason.endsWith(`: ${why}`)).toBe(true);
      expect(result.external_id).toBe(ID);
      // Not an address: the reject names the employee by id only, and the log line cannot be misread.
      expect(result.email).toBeNull();
    });

    it("quotes a hostile email in the reason with its invisible characters spelled out, clipped", () => {
      const result = emailOf(`jane\x1b[2J\u202e\r${"x".repeat(300)}@acme.test`);
      expect(!result.ok && result.reason).toMatch(/^email 'jane\\u001B\[2J\\u202E\\u000Dx+…' is not/);
      expect(!result.ok && result.reason).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    });

    it("leaves out a manager email that is not an address, and keeps the learner", () => {
      const result = mapEmployee(
        employee({ id: ID, reportsTo: { ...MANAGER, email: "max\u202e@acme.test" } }),
        DEFAULT_FIELD_MAPPING,
      );
      expect(result.ok && [result.learner.manager_external_id, result.learner.manager_email]).toEqual([
        MANAGER.id,
        null,
      ]);
    });
  });

  describe("start dates", () => {
    it.each(["2024-02-29", "2026-12-31", "2026-01-01"])("keeps the calendar date %s", (startDate) => {
      const result = mapEmployee(employee({ id: ID, startDate }), DEFAULT_FIELD_MAPPING);
      expect(result.ok && [result.learner.start_date, result.warnings]).toEqual([startDate, []]);
    });

    it.each(["2026-02-30", "2026-13-01", "2025-02-29", "2026-04-31", "2026-00-10", "2026-01-00"])(
      "writes the learner without the impossible start date %s, and says why",
      (startDate) => {
        const result = mapEmployee(employee({ id: ID, startDate }), DEFAULT_FIELD_MAPPING);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.learner.start_date).toBeNull();
        expect(result.warnings).toEqual([
          `start date '${startDate}' is not a calendar date; the learner is written without one`,
        ]);
      },
    );
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
