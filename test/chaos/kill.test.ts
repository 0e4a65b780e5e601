import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DayOptions } from "@hibob-learners/hibob-emulator";
import type { SyncReport } from "../../src/runner/sync-report.js";
import type { Bob, Connection, Held, KillPlan, Target } from "./harness.js";
import {
  BASE_SEED,
  connection,
  describeReport,
  Dice,
  duplicates,
  heldLearners,
  learnerDiff,
  scanForSecrets,
  startBob,
  startTarget,
  statusMismatches,
  sync,
} from "./harness.js";

// kill -9 trials: at a seeded point in its protocol output (after k messages, k records or k states) the source
// or the destination (alternately) is SIGKILLed, then the sync re-runs from the last state the runner saved.
// Ten trials kill the first, full sync of a company large enough for several checkpoints; ten more kill the
// sync that carries a day of changes (updates, hires, terminations, deletions). Every trial has its own
// emulator, state directory and learner directory, built from the seed: none depends on another or on their
// order. Each must end with a reference run's learners: none lost, none duplicated, no archive missed or wrong.

const SEED = BASE_SEED + 10;
const TRIALS = 10;
/** The full-sync trials' company: ten checkpoints. */
const FULL = { employees: 2500, batch: 250 } as const;
/** The day trials' company: smaller, as each trial first syncs it whole to have a day to carry. */
const DAY = { employees: 1200, batch: 120 } as const;
const DAY_CHANGES: DayOptions = {
  updates: 430,
  hires: 12,
  terminations: 20,
  rehires: 3,
  deletions: 8,
  emailChanges: 10,
};

interface Slot {
  readonly bob: Bob;
  readonly target: Target;
  readonly conn: Connection;
}

let dir: string;
let cleanFull: { held: Held[]; report: SyncReport };
let cleanDay: { held: Held[]; before: Held[]; report: SyncReport; deleted: number; terminated: number };

/** A company of its own (from the seed), a fresh learner directory and a fresh state directory. */
async function slot(name: string, company: typeof FULL | typeof DAY): Promise<Slot> {
  const [bob, target] = await Promise.all([
    startBob({ employees: company.employees, seed: SEED }),
    startTarget("sqlite", dir, name),
  ]);
  return { bob, target, conn: await connection(dir, name, { bob, target, batchSize: company.batch }) };
}

async function cleanSync(at: Slot, label: string): Promise<SyncReport> {
  const { report } = await sync(at.conn, label);
  if (report.status !== "succeeded") throw new Error(`seed ${SEED}: ${label}: ${describeReport(report)}`);
  return report;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chaos-kill-"));
  const [full, day] = await Promise.all([slot("reference-full", FULL), slot("reference-day", DAY)]);
  try {
    await Promise.all([
      cleanSync(full, "clean full").then((report) => {
        cleanFull = { held: heldLearners(full.target), report };
      }),
      cleanSync(day, "clean day base").then(async () => {
        const before = heldLearners(day.target);
        const changes = day.bob.emulator.passDays(DAY_CHANGES);
        const report = await cleanSync(day, "clean day");
        const held = heldLearners(day.target);
        expect(statusMismatches(held, day.bob.emulator)).toEqual([]);
        cleanDay = {
          held,
          before,
          report,
          deleted: changes.deleted.length,
          terminated: changes.terminated.length,
        };
      }),
    ]);
  } finally {
    await Promise.all([full.bob.emulator.close(), day.bob.emulator.close()]);
  }
}, 120_000);

afterAll(async () => {
  if (process.env.CHAOS_KEEP === undefined) await rm(dir, { recursive: true, force: true });
});

/** A seeded kill point; `records` is how many RECORD messages the killed sync's source sends in all. */
function killPlan(trial: number, seed: number, records: number, states: number): KillPlan {
  const dice = new Dice(seed);
  const forward = dice.chance(0.5);
  if (trial % 2 === 0) return { side: "source", after: "records", n: dice.int(5, records - 5), forward };
  return dice.chance(0.7)
    ? { side: "destination", after: "states", n: dice.int(1, states), forward }
    : { side: "destination", after: "lines", n: dice.int(1, 4), forward };
}

/** How many states a clean run of the same sync echoes before its last: where a destination kill may fall. */
const checkpointsBeforeLast = (report: SyncReport): number => Math.max(1, report.state.checkpoints - 1);

/** Whether the wrapper reports having killed its process in this run. */
async function killed(conn: Connection, label: string): Promise<boolean> {
  const lines = (await readFile(conn.logs, "utf8")).split("\n");
  return lines.some((line) => line.includes(`"label":"${label} `) && line.includes('"killed"'));
}

async function killAndResume(at: Slot, label: string, seed: number, plan: KillPlan, expected: Held[]) {
  const crashed = await sync(at.conn, `${label} killed`, plan);
  const resumed = await sync(at.conn, `${label} resumed`);
  const held = heldLearners(at.target);
  const message =
    `replay with CHAOS_SEED=${BASE_SEED}; ${label}, seed ${seed}, kill ${JSON.stringify(plan)}; ` +
    `killed run: ${describeReport(crashed.report)}; re-run: ${describeReport(resumed.report)}`;
  expect(await killed(at.conn, `${label} killed`), message).toBe(true);
  expect(crashed.report.status, message).toBe("failed");
  expect(resumed.report.status, message).toBe("succeeded");
  const diff = learnerDiff(expected, held);
  expect(
    [...diff.slice(0, 5), ...(diff.length > 5 ? [`… and ${diff.length - 5} more`] : [])],
    message,
  ).toEqual([]);
  expect(duplicates(held), message).toEqual([]);
  expect(statusMismatches(held, at.bob.emulator).slice(0, 5), message).toEqual([]);
}

describe(`kill -9 and resume (CHAOS_SEED=${BASE_SEED})`, () => {
  it("the reference runs: a full sync, and a day of changes that a clean sync carries", () => {
    expect(cleanFull.held.length).toBeGreaterThan(FULL.employees / 2);
    expect(cleanDay.deleted + cleanDay.terminated).toBeGreaterThan(10);
    expect(cleanDay.held.filter((l) => l.status === "archived").length).toBeGreaterThanOrEqual(
      cleanDay.deleted,
    );
    expect(learnerDiff(cleanDay.before, cleanDay.held).length).toBeGreaterThan(100);
  });

  it.concurrent.each(Array.from({ length: TRIALS }, (_, i) => i))(
    "full sync, trial %i",
    async (index) => {
      const seed = SEED + 1000 + index;
      const at = await slot(`full-trial-${index}`, FULL);
      try {
        const plan = killPlan(index, seed, FULL.employees, checkpointsBeforeLast(cleanFull.report));
        await killAndResume(at, `full trial ${index}`, seed, plan, cleanFull.held);
      } finally {
        await at.bob.emulator.close();
      }
    },
    180_000,
  );

  it.concurrent.each(Array.from({ length: TRIALS }, (_, i) => i))(
    "the sync after a day of changes, trial %i",
    async (index) => {
      const seed = SEED + 2000 + index;
      const at = await slot(`day-trial-${index}`, DAY);
      try {
        await cleanSync(at, `day trial ${index} base`);
        at.bob.emulator.passDays(DAY_CHANGES);
        const read = cleanDay.report.streams[0]?.records_read ?? 0;
        const plan = killPlan(index, seed, read, checkpointsBeforeLast(cleanDay.report));
        await killAndResume(at, `day trial ${index}`, seed, plan, cleanDay.held);
      } finally {
        await at.bob.emulator.close();
      }
    },
    180_000,
  );

  it("no credential in any line of any process, any report or any state file", async () => {
    const scan = await scanForSecrets(dir);
    expect(scan.leaks).toEqual([]);
    expect(scan.processes).toBeGreaterThanOrEqual(TRIALS * 10);
    expect(scan.linesScanned).toBeGreaterThan(FULL.employees * 3);
  });
});
