import { join } from "node:path";
import Database from "better-sqlite3";
import { catalogOf } from "../test/helpers/read-source.js";
import { bin, script, withTempDir, writeJson } from "./lib/files.js";
import { measureNode } from "./lib/measured-process.js";
import { writeEmployeeMessages } from "./lib/messages.js";
import type { Bench, Row } from "./lib/result.js";
import { round } from "./lib/result.js";
import { targetRateRow } from "./target-rate.js";

const THROUGHPUT_GOAL = 0.5;

function learnerCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM learners").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function sqliteRows(dir: string, learners: number): Promise<Row> {
  const messages = join(dir, "sqlite-messages.jsonl");
  await writeEmployeeMessages(messages, learners);
  const catalog = await writeJson(join(dir, "catalog.json"), catalogOf(["employees"], "incremental"));
  const db = join(dir, "learners.db");
  const config = await writeJson(join(dir, "sqlite.json"), { target: { type: "sqlite", path: db } });
  const baselineDb = join(dir, "baseline.db");
  const baseline = await measureNode([script("raw-sqlite.mjs"), messages, baselineDb], { count: "\n" });
  const destination = await measureNode(
    [bin("destination-learners"), "write", "--config", config, "--catalog", catalog],
    { count: '"type":"STATE"', stdinFile: messages },
  );
  const written = learnerCount(db);
  const rate = written / (destination.wallMs / 1000);
  const baselineRate = learnerCount(baselineDb) / (baseline.wallMs / 1000);
  return {
    bench: "destination",
    name: `sqlite write ${learners.toLocaleString("en-US")} learners, throughput`,
    value: Math.round(rate),
    unit: "learners/s",
    baseline: Math.round(baselineRate),
    ratio: round(rate / baselineRate),
    goal: `ratio ≥ ${THROUGHPUT_GOAL}`,
    met: rate >= THROUGHPUT_GOAL * baselineRate && written === learners,
    note:
      `destination ${round(destination.wallMs / 1000)} s (peak RSS ${Math.round(destination.peakRssMb)} MB, ` +
      `${written} rows, ${destination.matches} states echoed); raw better-sqlite3 ${round(baseline.wallMs / 1000)} s ` +
      `(same file parsed, prepared insert, a transaction per 1,000)`,
  };
}

/**
 * Measurement 3: destination writes, into SQLite against raw better-sqlite3, into SCIM and EasyLlama against
 * their rate limit with real-world answer times.
 */
export const destinationBench: Bench = {
  name: "destination",
  title:
    "destination writes: sqlite vs raw inserts, scim and easyllama vs their rate limit at 150 ms answers",
  run: (quick) =>
    withTempDir("destination", async (dir) => [
      await sqliteRows(dir, quick ? 5_000 : 100_000),
      await targetRateRow(dir, "scim", quick ? 200 : 1_000),
      await targetRateRow(dir, "easyllama", quick ? 200 : 1_000),
    ]),
};
