import { describe, expect, it } from "vitest";
import { NO_COUNTS } from "../learner-events/index.js";
import { reportJson } from "./report-json.js";
import type { SyncReport } from "./sync-report.js";

const report = (dryRun: boolean): SyncReport => ({
  connection: "bob-to-lms",
  run_id: "2026-11-23T17-00-00-000Z",
  started_at: "2026-11-23T17:00:00.000Z",
  ended_at: "2026-11-23T17:00:03.000Z",
  status: "succeeded",
  dry_run: dryRun,
  failure: null,
  streams: [],
  learners: { ...NO_COUNTS, created: 128, archived: 3 },
  rate_limit_waits: { count: 0, seconds: 0 },
  changes: [],
  changes_not_listed: 0,
  rejects: [],
  retried_rejects: null,
  warnings: [],
  state: { file: "state.json", checkpoints: 0 },
  learner_directory: null,
});

describe("reportJson", () => {
  it("titles a dry run's file as one and labels its counts as what a real run would do", () => {
    const file = JSON.parse(reportJson(report(true))) as Record<string, unknown>;
    expect(file.title).toBe("Dry run bob-to-lms 2026-11-23T17-00-00-000Z");
    expect(file.counts).toMatchObject({ "would create": 128, "would archive": 3, "would update": 0 });
    expect(file.learners).toMatchObject({ created: 128, archived: 3 });
    expect(Object.keys(file).slice(0, 2)).toEqual(["title", "counts"]);
  });

  it("titles a sync's file as a sync, with the counts as they happened", () => {
    const file = JSON.parse(reportJson(report(false))) as Record<string, unknown>;
    expect(file.title).toBe("Sync bob-to-lms 2026-11-23T17-00-00-000Z");
    expect(file.counts).toMatchObject({ created: 128, archived: 3 });
    expect(JSON.stringify(file.counts)).not.toContain("would");
  });
});
