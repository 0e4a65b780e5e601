import { describe, expect, it } from "vitest";
import type { BatchOptions } from "./batch.js";
import { batchBuilder, deletedEmployeeId, prepareBatch } from "./batch.js";
import { employee } from "../../test/fixtures/employee.js";
import { DEFAULT_FIELD_MAPPING } from "./field-mapping.js";

const OPTIONS: BatchOptions = {
  mapping: DEFAULT_FIELD_MAPPING,
  include_employment_types: [],
  include_departments: [],
  include_sites: [],
  today: "2026-03-01",
};

const ids = (entries: readonly { external_id: string | null }[]) => entries.map((entry) => entry.external_id);

describe("prepareBatch", () => {
  it("rejects every employee sharing one email, case-insensitively, and keeps the others", () => {
    const batch = prepareBatch(
      [
        employee({ id: "1", email: "same@acme.test" }),
        employee({ id: "2", email: "SAME@acme.test " }),
        employee({ id: "3", email: "same@ACME.test" }),
        employee({ id: "4" }),
      ],
      OPTIONS,
    );
    expect(ids(batch.learners)).toEqual(["4"]);
    expect(ids(batch.rejects)).toEqual(["1", "2", "3"]);
    expect(batch.rejects[0]?.reason).toBe("duplicate email: also used by employee 2, 3");
  });

  it("keeps the last record of a repeated employee and does not call it a duplicate", () => {
    const batch = prepareBatch(
      [employee({ id: "1", firstName: "Old" }), employee({ id: "1", firstName: "New" })],
      OPTIONS,
    );
    expect(batch.learners.map((learner) => learner.first_name)).toEqual(["New"]);
    expect(batch.rejects).toEqual([]);
  });

  it("counts mapping rejects", () => {
    const batch = prepareBatch([employee({ id: "1", email: null }), employee({ id: "2" })], OPTIONS);
    expect(ids(batch.rejects)).toEqual(["1"]);
    expect(ids(batch.learners)).toEqual(["2"]);
  });

  it.each([
    [{ include_employment_types: ["full TIME"] }, ["1", "3"]],
    [{ include_departments: ["sales"] }, ["2"]],
    [{ include_sites: ["Paris", "Berlin"] }, ["3"]],
    [{ include_departments: ["R&D", "Sales"], include_sites: ["London"] }, ["1", "2"]],
    [{}, ["1", "2", "3"]],
  ])("filters by label %j", (filters, kept) => {
    const records = [
      employee({ id: "1" }),
      employee({ id: "2", department: "Sales", contract: "Part time" }),
      employee({ id: "3", site: "Paris", department: null }),
    ];
    const batch = prepareBatch(records, { ...OPTIONS, ...filters });
    expect(ids(batch.learners)).toEqual(kept);
    expect(batch.skipped.length + batch.learners.length).toBe(3);
    for (const skip of batch.skipped) expect(skip.reason).toMatch(/is not included/);
  });

  it.each([
    [undefined, "2026-12-31", true],
    [7, "2026-03-08", true],
    [7, "2026-03-09", false],
    [0, "2026-03-01", true],
    [0, "2026-03-02", false],
    [7, null, true],
  ])("new_hire_days_before_start %s with start %s → imported %s", (days, startDate, imported) => {
    const batch = prepareBatch([employee({ id: "1", startDate })], {
      ...OPTIONS,
      new_hire_days_before_start: days,
    });
    expect(batch.learners.length === 1).toBe(imported);
  });
});

describe("batchBuilder deletions", () => {
  const deletion = (id: string) => ({ id, _ab_cdc_deleted_at: "2026-03-01T00:00:00Z" });

  it("turns an id-only deletion record into a deletion, not a reject, and the later record wins", () => {
    expect(deletedEmployeeId(deletion("1"))).toBe("1");
    expect(deletedEmployeeId(employee({ id: "1" }))).toBeNull();
    const batch = prepareBatch(
      [employee({ id: "1" }), deletion("1"), deletion("2"), employee({ id: "2" }), deletion("3")],
      OPTIONS,
    );
    expect(batch.deletions).toEqual(["1", "3"]);
    expect(ids(batch.learners)).toEqual(["2"]);
    expect(batch.rejects).toEqual([]);
  });

  it("remove() marks an employee gone by id", () => {
    const builder = batchBuilder(OPTIONS);
    builder.add(employee({ id: "1" }));
    builder.remove("1");
    expect(builder.finish()).toMatchObject({ learners: [], deletions: ["1"] });
  });
});
