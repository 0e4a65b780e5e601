import { join } from "node:path";
import Database from "better-sqlite3";
import type { DaySummary } from "@hibob-learners/hibob-emulator";
import { startEasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
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

// The learner directory's own timestamps: what a write stamps, not what the learner is.
const BOOKKEEPING = new Set(["created_at", "updated_at", "archived_at"]);

/** Each learner of a SQLite directory: what it is, and when it was last written. */
function snapshot(path: string): Map<string, { readonly content: string; readonly writtenAt: string }> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("SELECT * FROM learners").all() as Record<string, unknown>[];
    return new Map(
      rows.map((row) => [
        String(row.external_id),
        {
          content: JSON.stringify(Object.entries(row).filter(([column]) => !BOOKKEEPING.has(column))),
          writtenAt: String(row.updated_at),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

/**
 * The oracle: learners whose content the day changed (a day's knock-on changes included, such as a new
 * manager's email on every report), and the rows the target actually wrote.
 */
function learnerChanges(
  before: ReturnType<typeof snapshot>,
  after: ReturnType<typeof snapshot>,
): { readonly changed: number; readonly written: number } {
  let changed = 0;
  let written = 0;
  for (const [id, now] of after) {
    const then = before.get(id);
    if (then?.content !== now.content) changed += 1;
    if (then?.writtenAt !== now.writtenAt) written += 1;
  }
  return { changed, written };
}

/**
 * Measurement 2: the daily sync with 1% of the company changed, into each target. Every employee is read and
 * reconciled; only the learners the day changed may be written. The source runs without its client pacer (it
 * changes timing only, not what is read or written).
 */
export const dailyBench: Bench = {
  name: "daily",
  title: "daily sync, 1% changed: write calls per change",
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
        // A naive sync upserts every learner it reads: one write per employee.
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
        const employeesChanged = changedEmployees(day);
        const directory = join(dir, "learners.db");
        const before = snapshot(directory);
        scim.resetRequests();
        llama.resetRequests();
        const rows: Row[] = [];
        let changes = employeesChanged;
        let sqliteWrites = 0;
        for (const { name } of targets) {
          const second = await sync(name);
          if (name === "sqlite") {
            const diff = learnerChanges(before, snapshot(directory));
            changes = diff.changed;
            sqliteWrites = diff.written;
          }
          const counts =
            name === "scim" ? scim.requests() : name === "easyllama" ? llama.requests() : undefined;
          const calls = counts === undefined ? sqliteWrites : learnerCalls(counts.byRoute);
          const t = second.report.learners;
          rows.push({
            bench: "daily",
            name: `${name}: write calls for one day, ${employees.toLocaleString("en-US")} employees`,
            value: calls,
            unit: "calls",
            baseline: changes,
            ratio: round(calls / changes),
            goal: `ratio ≤ ${GOAL} × learners changed (naive full upsert: ${naive} calls)`,
            met: calls <= GOAL * changes,
            note:
              `${round(calls / naive, 4)} × the naive upsert; ${second.records} employees read; the day edited ` +
              `${employeesChanged} employees, which changed ${changes} learners; summary created ${t.created}, updated ${t.updated}, ` +
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

/** Write requests about learners: an OAuth token request is per sync, not per change. */
function learnerCalls(byRoute: Readonly<Record<string, number>>): number {
  return Object.entries(writeRoutes(byRoute))
    .filter(([route]) => route !== "POST /oauth/token")
    .reduce((sum, [, count]) => sum + count, 0);
}

function writeRoutes(byRoute: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith("GET ")));
}
