import { join } from "node:path";
import { catalogOf } from "../test/helpers/read-source.js";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { open } from "node:fs/promises";
import { bin, script, withTempDir, writeJson } from "./lib/files.js";
import { startHibobProcess } from "./lib/hibob-process.js";
import type { MeasuredRun } from "./lib/measured-process.js";
import { measureNode } from "./lib/measured-process.js";
import { benchSourceConfig } from "./lib/raw-read.js";
import type { Bench, Row } from "./lib/result.js";
import { round } from "./lib/result.js";
import { timedSync, UNPACED_SOURCE } from "./lib/sync.js";

const RECORD = '{"type":"RECORD"';
const GOAL = 1.3;

/**
 * Measurement: the daily sync of a company where nobody changed. `hibob-learners sync` reads every employee and
 * the destination reconciles each against the sqlite directory, writing nothing; the baseline is the source's
 * own read of the same company (what any sync costs), timed before and after the sync, whose mean cancels the
 * emulator's warm-up and drift. Both run the source without its client pacer, which changes only timing.
 */
export const reconcileBench: Bench = {
  name: "reconcile",
  title: "daily reconcile of unchanged employees into sqlite vs the source's read",
  async run(quick) {
    const employees = quick ? 10_000 : 100_000;
    const label = employees.toLocaleString("en-US");
    const hibob = await startHibobProcess(employees);
    try {
      return await withTempDir("reconcile", async (dir) => {
        const sourceConfig = await writeJson(join(dir, "source.json"), benchSourceConfig(hibob.baseUrl).raw);
        const catalog = await writeJson(join(dir, "catalog.json"), catalogOf(["employees"], "full_refresh"));
        const destinationConfig = await writeJson(join(dir, "lms.json"), {
          target: { type: "sqlite", path: join(dir, "learners.db") },
        });
        const sync = () =>
          timedSync({
            sourceConfig,
            destinationConfig,
            stateDir: join(dir, "state"),
            connection: "reconcile",
            source: UNPACED_SOURCE,
          });
        const read = (): Promise<MeasuredRun> =>
          measureNode(
            [script("unpaced-source.mjs"), "read", "--config", sourceConfig, "--catalog", catalog],
            {
              count: RECORD,
            },
          );

        const first = await sync();
        const before = await read();
        const daily = await sync();
        const after = await read();
        const baselineMs = (before.wallMs + after.wallMs) / 2;
        // The destination alone on a recorded read: its capacity, whatever the emulator's pace.
        const recorded = await recordRead(join(dir, "read.jsonl"), sourceConfig, catalog);
        const alone = await measureNode(
          [
            bin("destination-learners"),
            "write",
            "--config",
            destinationConfig,
            "--catalog",
            syncCatalog(dir),
          ],
          { count: '"type":"STATE"', stdinFile: recorded },
        );
        const { learners } = daily.report;
        const writes = learners.created + learners.updated + learners.archived + learners.reactivated;
        const ratio = daily.wallMs / baselineMs;
        return [
          {
            bench: "reconcile",
            name: `daily sync, ${label} unchanged employees into sqlite, wall`,
            value: round(daily.wallMs / 1000),
            unit: "s",
            baseline: round(baselineMs / 1000),
            ratio: round(ratio),
            goal: `ratio ≤ ${GOAL} × the source's read alone`,
            met: ratio <= GOAL && daily.records === employees && writes === 0,
            note:
              `${daily.records} records read and reconciled, ${writes} learner writes; the source's read alone ` +
              `took ${round(before.wallMs / 1000)} s and ${round(after.wallMs / 1000)} s (${before.matches} records)`,
          },
          {
            bench: "reconcile",
            name: `destination alone, reconciling ${label} unchanged employees from a recorded read, wall`,
            value: round(alone.wallMs / 1000),
            unit: "s",
            baseline: round(baselineMs / 1000),
            ratio: round(alone.wallMs / baselineMs),
            goal: "informative: below 1 × the read, the sync is bounded by reading, not by reconciling",
            note:
              `${Math.round(employees / (alone.wallMs / 1000))} employees/s, peak RSS ${Math.round(alone.peakRssMb)} MB, ` +
              `${alone.matches} states echoed`,
          },
          {
            bench: "reconcile",
            name: `first sync, ${label} employees into an empty sqlite directory, wall`,
            value: round(first.wallMs / 1000),
            unit: "s",
            baseline: round(baselineMs / 1000),
            ratio: round(first.wallMs / baselineMs),
            goal: "informative",
            note: `created ${first.report.learners.created} learners`,
          },
        ] satisfies Row[];
      });
    } finally {
      await hibob.stop();
    }
  },
};

/** The catalog the runner configured for the sync: `employees` read in full, deduplicated into learners. */
const syncCatalog = (dir: string): string => join(dir, "state", "reconcile", "catalog.json");

/** The source's read of the company, as the destination receives it, kept in a file. */
async function recordRead(path: string, sourceConfig: string, catalog: string): Promise<string> {
  const file = await open(path, "w");
  try {
    const child = spawn(
      process.execPath,
      [script("unpaced-source.mjs"), "read", "--config", sourceConfig, "--catalog", catalog],
      {
        stdio: ["ignore", file.fd, "ignore"],
      },
    );
    const [code] = (await once(child, "exit")) as [number | null];
    if (code !== 0) throw new Error(`the recorded read exited ${String(code)}`);
    return path;
  } finally {
    await file.close();
  }
}
