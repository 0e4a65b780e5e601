import { join } from "node:path";
import { adaptiveBatchSize } from "../src/source-hibob/people-search.js";
import { catalogOf } from "../test/helpers/read-source.js";
import { bin, script, withTempDir, writeJson } from "./lib/files.js";
import { startHibobProcess } from "./lib/hibob-process.js";
import { benchSourceConfig, rawReadBaseline } from "./lib/raw-read.js";
import type { MeasuredRun } from "./lib/measured-process.js";
import { measureNode } from "./lib/measured-process.js";
import type { Bench, Row } from "./lib/result.js";
import { round } from "./lib/result.js";

const RECORD = '{"type":"RECORD"';
const TIME_GOAL = 1.5;
const RSS_GOAL_MB = 300;

async function measureSize(employees: number, paced: boolean): Promise<Row[]> {
  const emulator = await startHibobProcess(employees);
  try {
    return await withTempDir("employees", async (dir) => {
      const { raw, parsed: config } = benchSourceConfig(emulator.baseUrl);
      const configFile = await writeJson(join(dir, "source.json"), raw);
      const catalogFile = await writeJson(
        join(dir, "catalog.json"),
        catalogOf(["employees"], "full_refresh"),
      );
      const baseline = await rawReadBaseline(config);
      const read = (entry: string): Promise<MeasuredRun> =>
        measureNode([entry, "read", "--config", configFile, "--catalog", catalogFile], { count: RECORD });

      // Baseline before and after the connector: their mean cancels the emulator's warm-up and any drift.
      const before = await baseline();
      const source = await read(script("unpaced-source.mjs"));
      const after = await baseline();
      const baselineMs = (before.wallMs + after.wallMs) / 2;
      const count = before.matches;
      const label = `${employees.toLocaleString("en-US")} employees`;
      /** A read's wall time against the baseline: met only when it also read every employee. */
      const wall = (run: MeasuredRun, how: string, note: string): Row => ({
        bench: "employees",
        name: `full read ${label}, wall (${how})`,
        value: round(run.wallMs / 1000),
        unit: "s",
        baseline: round(baselineMs / 1000),
        ratio: round(run.wallMs / baselineMs),
        goal: `ratio ≤ ${TIME_GOAL}`,
        met: run.wallMs <= TIME_GOAL * baselineMs && run.matches === count,
        note,
      });
      const rows: Row[] = [
        wall(
          source,
          "client pacer off",
          `${source.matches} records, baseline ${count} employees; ` +
            `${Math.round(source.matches / (source.wallMs / 1000))} records/s vs ` +
            `${Math.round(count / (baselineMs / 1000))} employees/s raw ` +
            `(baseline runs ${round(before.wallMs / 1000)} s and ${round(after.wallMs / 1000)} s); ` +
            `raw client peak RSS ${Math.round(before.peakRssMb)} MB`,
        ),
        {
          bench: "employees",
          name: `full read ${label}, throughput`,
          value: Math.round(source.matches / (source.wallMs / 1000)),
          unit: "records/s",
          baseline: Math.round(count / (baselineMs / 1000)),
          ratio: round(source.matches / source.wallMs / (count / baselineMs)),
          goal: "informative",
        },
        {
          bench: "employees",
          name: `full read ${label}, source peak RSS`,
          value: Math.round(source.peakRssMb),
          unit: "MB",
          goal: employees >= 100_000 ? `< ${RSS_GOAL_MB} MB at 100,000` : "informative (goal is at 100,000)",
          ...(employees >= 100_000 ? { met: source.peakRssMb < RSS_GOAL_MB } : {}),
        },
      ];
      if (paced) {
        const shipped = await read(bin("source-hibob"));
        const batch = adaptiveBatchSize(count, config.batch_size, config.requests_per_minute);
        const searches = 1 + Math.ceil(count / batch);
        rows.push(
          wall(
            shipped,
            "as shipped, pacer on",
            `node dist/bin/source-hibob.js with the default config: ${searches} people searches of up to ${batch} ` +
              `under the client pacer's ${config.requests_per_minute} per minute; peak RSS ` +
              `${Math.round(shipped.peakRssMb)} MB`,
          ),
        );
      }
      return rows;
    });
  } finally {
    await emulator.stop();
  }
}

/** Measurement 1: a full read of `employees`, the built source against a raw client doing the same requests. */
export const employeesBench: Bench = {
  name: "employees",
  title: "full read of employees vs a raw client",
  async run(quick, shared) {
    const sizes = quick ? [1_000, 5_000] : [10_000, 100_000];
    const rows: Row[] = [];
    for (const [i, size] of sizes.entries()) {
      const sizeRows = await measureSize(size, i === 0);
      rows.push(...sizeRows);
      const wall = sizeRows[0];
      if (i === 0 && wall?.baseline !== undefined) {
        shared.rawReadMsPerEmployee = { employees: size, ms: (wall.baseline * 1000) / size };
      }
    }
    return rows;
  },
};
