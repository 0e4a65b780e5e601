import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

// kill -9 trials: at a seeded point (after k output lines, k echoed states or k ms) the source or the
// destination (alternately) is SIGKILLed, then the sync re-runs from the last state the runner saved. Ten trials
// kill the first, full sync of a company large enough for several checkpoints; then a day of changes passes
// (updates, hires, terminations, deletions) and ten more trials kill the next day's sync that carries it.
// Each must end with the clean run's learners: none lost, none duplicated, no archive missed or wrong.

const SEED = BASE_SEED + 10;
const EMPLOYEES = 2500;
const BATCH = 250;
const TRIALS = 10;

let dir: string;
let bob: Bob;
let reference: { target: Target; conn: Connection };
let cleanFull: Held[];
const trials: { target: Target; conn: Connection }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chaos-kill-"));
  bob = await startBob({ employees: EMPLOYEES, seed: SEED });
  const target = await startTarget("sqlite", dir, "reference");
  reference = { target, conn: await connection(dir, "reference", { bob, target, batchSize: BATCH }) };
  const run = await sync(reference.conn, "clean full");
  if (run.report.status !== "succeeded")
    throw new Error(`seed ${SEED}: clean run ${describeReport(run.report)}`);
  cleanFull = heldLearners(target);
}, 120_000);

afterAll(async () => {
  await bob.emulator.close();
  if (process.env.CHAOS_KEEP === undefined) await rm(dir, { recursive: true, force: true });
});

function killPlan(trial: number, seed: number, incremental: boolean): KillPlan {
  const dice = new Dice(seed);
  const side = trial % 2 === 0 ? "source" : "destination";
  const records = incremental ? 1_000 : EMPLOYEES - 300;
  if (side === "source") {
    return dice.chance(0.7)
      ? { side, after: "lines", n: dice.int(5, records), forward: dice.chance(0.5) }
      : { side, after: "ms", n: dice.int(700, incremental ? 1_500 : 2_500), forward: true };
  }
  return dice.chance(0.7)
    ? { side, after: "states", n: dice.int(1, incremental ? 1 : 2), forward: dice.chance(0.5) }
    : { side, after: "lines", n: dice.int(1, 4), forward: dice.chance(0.5) };
}

/** Whether the wrapper reports having killed its process in this run. */
async function killed(conn: Connection, label: string): Promise<boolean> {
  const lines = (await readFile(conn.logs, "utf8")).split("\n");
  return lines.some((line) => line.includes(`"label":"${label} `) && line.includes('"killed"'));
}

async function trial(index: number, incremental: boolean, expected: () => Held[]): Promise<void> {
  const seed = SEED + (incremental ? 2000 : 1000) + index;
  const plan = killPlan(index, seed, incremental);
  const label = `${incremental ? "day" : "full"} trial ${index}`;
  const slot = trials[index];
  if (slot === undefined) throw new Error(`no trial ${index}`);
  const crashed = await sync(slot.conn, `${label} killed`, plan);
  const resumed = await sync(slot.conn, `${label} resumed`);
  const held = heldLearners(slot.target);
  const message =
    `replay with CHAOS_SEED=${BASE_SEED}; ${label}, seed ${seed}, kill ${JSON.stringify(plan)}; ` +
    `killed run: ${describeReport(crashed.report)}; re-run: ${describeReport(resumed.report)}`;
  expect(await killed(slot.conn, `${label} killed`), message).toBe(true);
  expect(crashed.report.status, message).toBe("failed");
  expect(resumed.report.status, message).toBe("succeeded");
  const diff = learnerDiff(expected(), held);
  expect(
    [...diff.slice(0, 5), ...(diff.length > 5 ? [`… and ${diff.length - 5} more`] : [])],
    message,
  ).toEqual([]);
  expect(duplicates(held), message).toEqual([]);
  expect(statusMismatches(held, bob.emulator).slice(0, 5), message).toEqual([]);
}

describe(`kill -9 and resume (CHAOS_SEED=${BASE_SEED})`, () => {
  it.concurrent.each(Array.from({ length: TRIALS }, (_, i) => i))(
    "full sync, trial %i",
    async (index) => {
      const target = await startTarget("sqlite", dir, `trial-${index}`);
      const conn = await connection(dir, `trial-${index}`, { bob, target, batchSize: BATCH });
      trials[index] = { target, conn };
      await trial(index, false, () => cleanFull);
    },
    180_000,
  );

  let cleanDay: Held[] = [];
  it("a day of changes passes and a clean sync carries it", async () => {
    const day = bob.emulator.passDays({
      updates: 900,
      hires: 25,
      terminations: 40,
      rehires: 3,
      deletions: 15,
      emailChanges: 20,
    });
    expect(day.terminated.length + day.deleted.length).toBeGreaterThan(20);
    const run = await sync(reference.conn, "clean day");
    expect(run.report.status, describeReport(run.report)).toBe("succeeded");
    cleanDay = heldLearners(reference.target);
    expect(cleanDay.filter((l) => l.status === "archived").length).toBeGreaterThanOrEqual(day.deleted.length);
    expect(statusMismatches(cleanDay, bob.emulator)).toEqual([]);
    expect(learnerDiff(cleanFull, cleanDay).length).toBeGreaterThan(100);
  }, 120_000);

  it.concurrent.each(Array.from({ length: TRIALS }, (_, i) => i))(
    "the sync after a day of changes, trial %i",
    async (index) => {
      await trial(index, true, () => cleanDay);
    },
    180_000,
  );

  it("no credential in any line of any process, any report or any state file", async () => {
    const scan = await scanForSecrets(dir);
    expect(scan.leaks).toEqual([]);
    expect(scan.processes).toBeGreaterThanOrEqual(TRIALS * 8);
    expect(scan.linesScanned).toBeGreaterThan(EMPLOYEES * 3);
  });
});
