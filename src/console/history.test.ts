import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConnectionFolder } from "../runner/state-store.js";
import { connectionFolder } from "../runner/state-store.js";
import { NO_COUNTS } from "../learner-events/index.js";
import type { HistoryEntry } from "./history.js";
import {
  damagedNotice,
  HistoryEntry as HistoryEntrySchema,
  openRejects,
  readRuns,
  timeline,
} from "./history.js";

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

/** Runs `test` on a connection folder in a fresh state directory, removed afterwards. */
async function inFolder(test: (folder: ConnectionFolder) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "console-history-"));
  try {
    await test(connectionFolder(dir, "c"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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

describe("openRejects", () => {
  it("names each open reject as the last real sync's report named it", () =>
    inFolder(async (folder) => {
      await mkdir(folder.reportsDir, { recursive: true });
      const open = {
        employee_id: "7",
        email: null,
        reason: "bad email",
        since: "2026-01-02T06:00:00.000Z",
        syncs: 1,
      };
      await writeFile(folder.rejectsFile, JSON.stringify([open, { ...open, employee_id: "8" }]));
      const reject = (id: string, name: string) => ({
        employee_id: id,
        email: null,
        name,
        reason: "bad email",
      });
      await writeFile(
        join(folder.reportsDir, "2.json"),
        JSON.stringify({ rejects: [reject("7", "Jo Park")] }),
      );
      await writeFile(
        join(folder.reportsDir, "3.json"),
        JSON.stringify({ rejects: [reject("7", "Preview Only")] }),
      );
      expect(await openRejects(folder, [run("1", {}), run("2", {}), run("3", {}, true)])).toEqual([
        { ...open, name: "Jo Park" },
        { ...open, employee_id: "8", name: null },
      ]);
    }));
});

describe("readRuns", () => {
  it("reads the runs of runs.jsonl and names the file and the lines that are none", () =>
    inFolder(async (folder) => {
      await mkdir(folder.dir, { recursive: true });
      const lines = [
        JSON.stringify(run("1", { created: 3 })),
        '{"run_id": "2", "sta',
        JSON.stringify(run("3", {})),
      ];
      await writeFile(folder.historyFile, `${lines.join("\n")}\n`);
      const { runs, damaged } = await readRuns(folder);
      expect(runs.map((entry) => entry.run_id)).toEqual(["1", "3"]);
      expect(damaged).toBe(
        `${folder.historyFile}: line 2 is not a run (a sync stopped while writing it, or an edit broke it) and ` +
          "left out of this history. Their reports are still in the reports folder; delete those lines to clear " +
          "this notice.",
      );
      await writeFile(folder.historyFile, `${lines[0]}\n`);
      expect((await readRuns(folder)).damaged).toBeNull();
    }));

  it("names the damaged lines, the first ten of a long list", () => {
    expect(damagedNotice("/s/runs.jsonl", [2, 5])).toMatch(/^\/s\/runs\.jsonl: lines 2, 5 are not a run /);
    const many = Array.from({ length: 950 }, (_, index) => index + 1);
    expect(damagedNotice("/s/runs.jsonl", many)).toMatch(
      /: lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 940 more are /,
    );
  });
});
