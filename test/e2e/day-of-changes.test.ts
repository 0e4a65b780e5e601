import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { catalogOf, emulatorConfig, nextState, readSource, recordsOf } from "../helpers/read-source.js";

// Values that change without anyone editing the person: counters and signed URLs, and the source's own cursor.
const VOLATILE = new Set([
  "tenureDuration",
  "tenureDurationYears",
  "tenureYears",
  "durationOfEmployment",
  "yearsOfService",
  "age",
  "periodSinceTermination",
  "yearsSinceTermination",
  "avatarUrl",
  "coverImageUrl",
  "avatar",
  "_ab_cdc_updated_at",
]);

/** What a person looks like to a reader who ignores the volatile values: an oracle independent of fingerprints. */
function looks(record: Record<string, unknown>): string {
  return JSON.stringify(record, (key, value: unknown) => (VOLATILE.has(key) ? undefined : value));
}

function byId(records: readonly Record<string, unknown>[]): Map<string, string> {
  return new Map(records.map((record) => [record.id as string, looks(record)]));
}

let emulator: HibobEmulator;

beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 10_000,
    seed: 2026,
    rateLimits: false,
    serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true } }],
  });
});

afterAll(async () => {
  await emulator.close();
});

describe("a day of changes in a 10,000-person company", () => {
  it(
    "the next incremental read emits exactly the changed, hired, terminated and vanished employees",
    { timeout: 120_000 },
    async () => {
      const config = emulatorConfig(emulator.baseUrl, { batch_size: 500 });
      const incremental = catalogOf(["employees"], "incremental");
      const first = await readSource(config, incremental);
      const before = byId(recordsOf(first));
      expect(before.size).toBeGreaterThan(9_000);

      const day = emulator.passDays({
        updates: 100,
        hires: 25,
        terminations: 12,
        deletions: 6,
        rehires: 0,
        emailChanges: 0,
        timeOffRequests: 0,
      });
      const after = byId(recordsOf(await readSource(config, catalogOf(["employees"], "full_refresh"))));

      const second = recordsOf(await readSource(config, incremental, { state: nextState(first) }));
      const deleted = second.filter((record) => record._ab_cdc_deleted_at !== undefined);
      const present = second.filter((record) => record._ab_cdc_deleted_at === undefined);

      const hired = [...after.keys()].filter((id) => !before.has(id));
      const vanished = [...before.keys()].filter((id) => !after.has(id));
      const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id));

      // The day's own account: every hire is new (unless deleted the same day), every deletion vanished.
      expect(hired.sort()).toEqual(day.hired.filter((id) => !day.deleted.includes(id)).sort());
      expect(vanished.sort()).toEqual(day.deleted.filter((id) => before.has(id)).sort());
      for (const id of [...day.terminated, ...day.updated.map((u) => u.id)]) {
        if (!day.deleted.includes(id)) expect(changed).toContain(id);
      }

      // Exactly those, each once.
      expect(deleted.map((record) => record.id).sort()).toEqual(vanished.sort());
      expect(present.map((record) => record.id).sort()).toEqual([...hired, ...changed].sort());
      expect({ hired: hired.length, vanished: vanished.length }).toEqual({
        hired: day.hired.length - day.hired.filter((id) => day.deleted.includes(id)).length,
        vanished: day.deleted.length - day.deleted.filter((id) => !before.has(id)).length,
      });
      expect(second.length).toBe(hired.length + changed.length + vanished.length);
      expect(second.length).toBeLessThan(before.size / 10);
    },
  );
});
