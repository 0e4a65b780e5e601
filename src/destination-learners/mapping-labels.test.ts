// Bob's humanReadable node leaves null fields (and categories of nulls) out, where the machine form keeps
// `null`: a label that is not there maps as null, never as an error or a stale value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { catalogOf, emulatorConfig, readSource, recordsOf } from "../../test/helpers/read-source.js";
import { employee } from "../../test/fixtures/employee.js";
import { DEFAULT_FIELD_MAPPING } from "./field-mapping.js";
import { mapEmployee } from "./mapping.js";

const ID = "3332883884017713938";

/** The fixture as Bob really sends it: every null left out of humanReadable, and empty categories with them. */
function withoutNullLabels(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = withoutNullLabels(item);
    const empty = typeof kept === "object" && kept !== null && Object.keys(kept).length === 0;
    if (kept !== null && !empty) out[key] = kept;
  }
  return out;
}

describe("labels Bob left out of humanReadable", () => {
  it("map as null, whether the field or its whole category is missing", () => {
    const record = employee({ id: ID, title: null, department: null, contract: null });
    record.humanReadable = withoutNullLabels(record.humanReadable);
    expect(record.humanReadable).not.toHaveProperty("payroll");
    expect(record.humanReadable).not.toHaveProperty("work.department");
    const result = mapEmployee(record, DEFAULT_FIELD_MAPPING);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.learner).toMatchObject({ title: null, department: null, employment_type: null });
    expect(result.learner.location).toBe("London");
  });

  it("map as null with no humanReadable node at all", () => {
    const record = employee({ id: ID });
    delete record.humanReadable;
    const result = mapEmployee(record, DEFAULT_FIELD_MAPPING);
    expect(result.ok && result.learner.department).toBeNull();
  });
});

describe("labels of employees read from the emulator", () => {
  let emulator: HibobEmulator;

  beforeAll(async () => {
    emulator = await startHibobEmulator({ employees: 150, seed: 5, rateLimits: false });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("are null where the machine value is null, and the label where it is set", async () => {
    const records = recordsOf(
      await readSource(emulatorConfig(emulator.baseUrl), catalogOf(["employees"], "full_refresh")),
    );
    const noDepartment = records.filter((r) => (r.work as Record<string, unknown>).department === null);
    expect(noDepartment.length).toBeGreaterThan(0);
    for (const record of records) {
      const result = mapEmployee(record, DEFAULT_FIELD_MAPPING);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) continue;
      const department = (record.work as Record<string, unknown>).department;
      if (department === null) {
        expect(record.humanReadable).not.toHaveProperty("work.department");
        expect(result.learner.department).toBeNull();
      } else {
        expect(result.learner.department).toMatch(/\D/);
      }
    }
  });
});
