import { describe, expect, it } from "vitest";
import { NO_COUNTS } from "../learner-events/index.js";
import type { HistoryEntry } from "./history.js";
import { HistoryEntry as HistoryEntrySchema, timeline } from "./history.js";

const run = (id: string, counts: Partial<typeof NO_COUNTS>, dryRun = false): HistoryEntry => ({
  run_id: id,
  started_at: `2026-01-0${id}T06:00:00.000Z`,
  ended_at: `2026-01-0${id}T06:01:00.000Z`,
  status: "succeeded",
  dry_run: dryRun,
  failure: null,
  records_read: 0,
  learners: { ...NO_COUNTS, ...counts },
  rejects: 0,
});

describe("timeline", () => {
  it("follows active and archived learners through the runs' counts; previews change nothing", () => {
    const points = timeline([
      run("1", { created: 100 }, true),
      run("2", { created: 100, assigned: 100 }),
      run("3", { created: 3, updated: 7, archived: 2 }),
      run("4", { reactivated: 1, archived: 1 }),
    ]);
    expect(
      points.map(({ run_id, active, archived, changes }) => [run_id, active, archived, changes]),
    ).toEqual([
      ["2", 100, 0, 100],
      ["3", 101, 2, 12],
      ["4", 101, 2, 2],
    ]);
  });

  it("never goes below zero for a target that held learners before its history", () => {
    expect(timeline([run("1", { archived: 5, reactivated: 2 })])).toEqual([
      expect.objectContaining({ active: 0, archived: 3 }),
    ]);
  });
});

describe("HistoryEntry", () => {
  it("reads a runs.jsonl line as runSync writes it, and refuses a run id that is not a file name", () => {
    const line = { ...run("1", {}), checkpoints: 2, reports: { json: "/x.json", html: "/x.html" } };
    expect(HistoryEntrySchema.safeParse(line).success).toBe(true);
    expect(HistoryEntrySchema.safeParse({ ...line, run_id: "../../source" }).success).toBe(false);
  });
});
