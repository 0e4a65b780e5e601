import { join } from "node:path";
import type { Totals } from "../src/destination-learners/report.js";
import type { DaySummary } from "../src/emulators/hibob/index.js";
import { startEasyLlamaEmulator } from "../src/emulators/easyllama/index.js";
import { startScimEmulator } from "../src/emulators/scim/index.js";
import { withTempDir, writeJson } from "./lib/files.js";
import { BENCH_USER, startHibobProcess } from "./lib/hibob-process.js";
import type { Bench, Row } from "./lib/result.js";
import { round } from "./lib/result.js";
import { timedSync, UNPACED_SOURCE } from "./lib/sync.js";

const GOAL = 1.05;

/** The employees a day touched, each once. */
function changedEmployees(day: DaySummary): number {
  return new Set([
    ...day.updated.map((entry) => entry.id),
    ...day.hired,
    ...day.terminated,
    ...day.rehired,
    ...day.deleted,
    ...day.emailChanged.map((entry) => entry.id),
  ]).size;
}

/** Learner rows the SQLite target wrote, from the destination's final summary line. */
const learnerWrites = (t: Totals): number =>
  t.created + t.updated + t.archived + t.reactivated + t.managers_linked;

/**
 * Measurement 2: a daily incremental sync with 1% of the company changed, into each target. The source runs
 * without its client pacer (it changes timing only, not what is read or written).
 */
export const incrementalBench: Bench = {
  name: "incremental",
  title: "daily incremental sync, 1% changed: calls per change",
  async run(quick) {
    const employees = quick ? 1_000 : 10_000;
    const hibob = await startHibobProcess(employees);
    const [scim, llama] = await Promise.all([startScimEmulator(), startEasyLlamaEmulator()]);
    try {
      return await withTempDir("incremental", async (dir) => {
        const sourceConfig = await writeJson(join(dir, "source.json"), {
          service_user_id: BENCH_USER.id,
          service_user_token: BENCH_USER.token,
          api_url: hibob.baseUrl,
        });
        const targets = [
          { name: "sqlite", target: { type: "sqlite", path: join(dir, "learners.db") } },
          { name: "scim", target: { type: "scim", base_url: scim.baseUrl, token: scim.token } },
          {
            name: "easyllama",
            target: {
              type: "easyllama",
              api_url: llama.baseUrl,
              client_id: llama.clientId,
              client_secret: llama.clientSecret,
            },
          },
        ];
        const sync = async (name: string) =>
          timedSync({
            sourceConfig,
            destinationConfig: join(dir, `${name}.json`),
            stateDir: join(dir, "state"),
            connection: name,
            source: UNPACED_SOURCE,
          });
        let naive = 0;
        for (const { name, target } of targets) {
          await writeJson(join(dir, `${name}.json`), { target });
          naive = (await sync(name)).records;
        }
        const day = await hibob.passDays({
          updates: employees / 100,
          hires: 0,
          terminations: 0,
          rehires: 0,
          deletions: 0,
          emailChanges: 0,
          timeOffRequests: 0,
        });
        const changes = changedEmployees(day);
        scim.resetRequests();
        llama.resetRequests();
        const rows: Row[] = [];
        for (const { name } of targets) {
          const second = await sync(name);
          if (name === "sqlite") {
            rows.push({
              bench: "incremental",
              name: `records emitted by the source, ${employees.toLocaleString("en-US")} employees`,
              value: second.records,
              unit: "records",
              baseline: changes,
              ratio: round(second.records / changes),
              goal: "informative (baseline: changed employees)",
              note: `the day changed ${changes} employees (${day.updated.length} updates); a full read emits ${naive}`,
            });
          }
          const counts =
            name === "scim" ? scim.requests() : name === "easyllama" ? llama.requests() : undefined;
          const calls = counts?.writes ?? learnerWrites(second.report.learners);
          const t = second.report.learners;
          rows.push({
            bench: "incremental",
            name: `${name}: write calls for one day`,
            value: calls,
            unit: "calls",
            baseline: changes,
            ratio: round(calls / changes),
            goal: `ratio ≤ ${GOAL} (naive full upsert: ${naive} calls)`,
            met: calls <= GOAL * changes,
            note:
              `${round(calls / naive, 4)} × the naive upsert; ${round(calls / second.records)} calls per record ` +
              `the source emitted (${second.records}); summary created ${t.created}, updated ${t.updated}, ` +
              `archived ${t.archived}, reactivated ${t.reactivated}, managers linked ${t.managers_linked}` +
              (counts === undefined ? "" : `; write routes ${JSON.stringify(writeRoutes(counts.byRoute))}`),
          });
        }
        return rows;
      });
    } finally {
      await Promise.all([hibob.stop(), scim.close(), llama.close()]);
    }
  },
};

function writeRoutes(byRoute: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith("GET ")));
}
