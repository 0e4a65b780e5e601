import { join } from "node:path";
import { demoDay } from "../src/runner/demo.js";
import { withTempDir, writeJson } from "./lib/files.js";
import { startHibobProcess } from "./lib/hibob-process.js";
import { benchSourceConfig, rawReadBaseline } from "./lib/raw-read.js";
import type { Bench, Row, Shared } from "./lib/result.js";
import { round } from "./lib/result.js";
import { timedSync } from "./lib/sync.js";

async function demoSize(employees: number, shared: Shared): Promise<Row[]> {
  const hibob = await startHibobProcess(employees);
  try {
    return await withTempDir("demo", async (dir) => {
      const { raw, parsed } = benchSourceConfig(hibob.baseUrl);
      let perEmployee = shared.rawReadMsPerEmployee;
      let basis = `measurement 1's raw read of ${perEmployee?.employees.toLocaleString("en-US") ?? ""} employees`;
      if (perEmployee === undefined) {
        const run = await (await rawReadBaseline(parsed))();
        perEmployee = { employees, ms: run.wallMs / employees };
        basis = `a raw read of this company (the employees bench did not run)`;
      }
      const baselineMs = perEmployee.ms * employees;
      const sourceConfig = await writeJson(join(dir, "source.json"), raw);
      const destinationConfig = await writeJson(join(dir, "destination.json"), {
        target: { type: "sqlite", path: join(dir, "learners.db") },
        course_rules: [
          { course: "Security basics", when: "new_learner" },
          { course: "Leading people", when: "promoted_to_supervisor" },
        ],
      });
      const sync = () =>
        timedSync({ sourceConfig, destinationConfig, stateDir: join(dir, "state"), connection: "demo" });
      const first = await sync();
      const day = await hibob.passDays(demoDay(employees));
      const second = await sync();
      const label = `${employees.toLocaleString("en-US")} employees`;
      const row = (what: string, run: typeof first, extra: string): Row => ({
        bench: "demo",
        name: `${what} sync, ${label}`,
        value: round(run.wallMs / 1000),
        unit: "s",
        baseline: round(baselineMs / 1000),
        ratio: round(run.wallMs / baselineMs),
        goal: "informative: a whole sync (discover, read, write) against a raw read of the same company",
        note:
          `runSync as the demo runs it (built connectors, pacer on); ${run.records} records, ` +
          `${run.report.learners.created} created, ${run.report.learners.updated} updated, ` +
          `${run.report.learners.archived} archived${extra}; baseline: ${basis}, ` +
          `${round(perEmployee.ms, 4)} ms per employee × ${employees}`,
      });
      return [
        row("first", first, ""),
        row(
          "next day's",
          second,
          `; the day: ${String(day.updated.length)} updates, ${String(day.hired.length)} hires, ${String(day.terminated.length)} terminations`,
        ),
      ];
    });
  } finally {
    await hibob.stop();
  }
}

/** Measurement 4: the demo end to end (first sync, a day in Bob, the next day's sync) through runSync. */
export const demoBench: Bench = {
  name: "demo",
  title: "the demo's end-to-end syncs",
  async run(quick, shared) {
    const rows: Row[] = [];
    for (const size of quick ? [200, 1_000] : [1_000, 10_000]) rows.push(...(await demoSize(size, shared)));
    return rows;
  },
};
