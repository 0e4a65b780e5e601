import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultSpec } from "@hibob-learners/emulator-kit";
import { seededFaultSchedule } from "@hibob-learners/emulator-kit";
import type { Chaos, Company, FaultRun, TargetKind } from "./harness.js";
import { BASE_SEED, company, Dice, faultRun, scanForSecrets } from "./harness.js";

// Seeded fault schedules on the learner targets (SCIM 2.0 and EasyLlama, with course assignments): 429 storms,
// 5xx bursts, resets before and after the write, truncated answers, slow answers, a rate limit, a burst that
// exhausts the destination's retries, a wrong credential; some runs add Bob faults on top.

let dir: string;
const companies = new Map<TargetKind, Company>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chaos-targets-"));
  const [scim, llama] = await Promise.all([
    company(dir, {
      employees: 150,
      seed: BASE_SEED + 2,
      kind: "scim",
      batchSize: 50,
      courses: true,
      rateLimits: true,
    }),
    company(dir, {
      employees: 180,
      seed: BASE_SEED + 3,
      kind: "easyllama",
      batchSize: 60,
      courses: true,
      rateLimits: false,
    }),
  ]);
  companies.set("scim", scim);
  companies.set("easyllama", llama);
}, 120_000);

afterAll(async () => {
  if (process.env.CHAOS_KEEP === undefined) await rm(dir, { recursive: true, force: true });
});

function targetFaults(chaos: Chaos, schedule: FaultSpec[]): FaultSpec[] {
  (chaos.target.scim ?? chaos.target.llama)?.setFaults(schedule);
  return schedule;
}

interface TargetRun extends FaultRun {
  readonly kind: TargetKind;
}

function seededRuns(kind: TargetKind, first: number): TargetRun[] {
  const path = kind === "scim" ? "/Users" : "/learners";
  return [0, 1, 2, 3].map((i) => {
    const seed = first + i;
    const dice = new Dice(seed);
    return {
      kind,
      name: `${kind}-seeded`,
      seed,
      arm: (chaos) =>
        targetFaults(
          chaos,
          seededFaultSchedule({
            seed,
            entries: dice.int(3, 6),
            maxGap: 40,
            maxBurst: 3,
            kinds: ["429", "500", "502", "503", "reset", "truncate", "slow"],
            ...(dice.chance(0.5) ? { path } : {}),
          }),
        ),
      mayFailWith: [],
    };
  });
}

const runs: TargetRun[] = [
  ...seededRuns("scim", BASE_SEED + 400),
  ...seededRuns("easyllama", BASE_SEED + 500),
  {
    kind: "scim",
    name: "scim-rate-limit-and-storm",
    seed: BASE_SEED + 600,
    arm: (chaos) => {
      chaos.target.scim?.setRateLimit({ requestsPerSecond: 150, burst: 20 });
      return targetFaults(chaos, [{ kind: "429", count: 4, after: new Dice(BASE_SEED + 600).int(10, 120) }]);
    },
    mayFailWith: [],
  },
  {
    kind: "easyllama",
    name: "easyllama-exhausting-429",
    seed: BASE_SEED + 601,
    // Enough 429s answered at once (Retry-After: 0) that some request sees its first try and all six retries refused, whatever the writers' concurrency (up to 32 in flight: 7 × 32 = 224 refusals at least): the destination gives up as transient.
    arm: (chaos) =>
      targetFaults(chaos, [
        { kind: "429", count: 300, after: new Dice(BASE_SEED + 601).int(20, 150), retryAfterSeconds: 0 },
      ]),
    mayFailWith: ["transient_error"],
    mustFail: true,
  },
  {
    kind: "scim",
    name: "scim-exhausting-503",
    seed: BASE_SEED + 602,
    arm: (chaos) =>
      targetFaults(chaos, [
        { kind: "503", count: 300, after: new Dice(BASE_SEED + 602).int(20, 150), retryAfterSeconds: 0 },
      ]),
    mayFailWith: ["transient_error"],
    mustFail: true,
  },
  {
    kind: "easyllama",
    name: "easyllama-both-sides",
    seed: BASE_SEED + 603,
    arm: (chaos) => {
      const dice = new Dice(BASE_SEED + 603);
      chaos.bob.emulator.addFault({
        endpoint: "people.search",
        kind: "503",
        count: 2,
        after: dice.int(0, 3),
      });
      chaos.bob.emulator.addFault({
        endpoint: "people.search",
        kind: "reset",
        count: 1,
        after: dice.int(0, 2),
      });
      return targetFaults(
        chaos,
        seededFaultSchedule({
          seed: BASE_SEED + 603,
          entries: 5,
          kinds: ["reset", "500", "503"],
          maxGap: 30,
        }),
      );
    },
    mayFailWith: [],
  },
  {
    kind: "scim",
    name: "scim-wrong-token",
    seed: BASE_SEED + 604,
    arm: () => "wrong SCIM bearer token",
    badToken: "destination",
    mayFailWith: ["config_error"],
    mustFail: true,
  },
  {
    kind: "easyllama",
    name: "easyllama-wrong-secret",
    seed: BASE_SEED + 605,
    arm: () => "wrong EasyLlama client secret",
    badToken: "destination",
    mayFailWith: ["config_error"],
    mustFail: true,
  },
];

/**
 * The destination fails after creating learners: the re-run finds them created but without their course, and
 * still assigns it (a learner the target created within the week is still new).
 */
runs.push({
  kind: "easyllama",
  name: "easyllama-courses-after-failure",
  seed: BASE_SEED + 702,
  arm: (chaos) =>
    targetFaults(chaos, [
      { kind: "503", count: 300, after: new Dice(BASE_SEED + 702).int(40, 120), retryAfterSeconds: 0 },
    ]),
  mayFailWith: ["transient_error"],
  mustFail: true,
});

/** Answers cut off after the target handled the request: retried, and a retried create adopts what it made. */
runs.push(
  {
    kind: "scim",
    name: "scim-truncate",
    seed: BASE_SEED + 700,
    arm: (chaos) =>
      targetFaults(chaos, [{ kind: "truncate", count: 2, after: new Dice(BASE_SEED + 700).int(5, 60) }]),
    mayFailWith: [],
  },
  {
    kind: "easyllama",
    name: "easyllama-truncate",
    seed: BASE_SEED + 701,
    arm: (chaos) =>
      targetFaults(chaos, [
        { kind: "truncate", count: 1, after: new Dice(BASE_SEED + 701).int(5, 60), path: "/learners" },
      ]),
    mayFailWith: [],
  },
);

describe(`learner target fault schedules (CHAOS_SEED=${BASE_SEED})`, () => {
  it.concurrent.each(runs.map((run) => [run.name, run.seed, run] as const))(
    "%s, seed %i",
    async (_name, _seed, run) => {
      const of = companies.get(run.kind);
      if (of === undefined) throw new Error(`no ${run.kind} company`);
      const outcome = await faultRun(dir, of, run);
      expect(outcome.problems, outcome.message).toEqual([]);
    },
    180_000,
  );

  it("no credential in any line of any process, any report or any state file", async () => {
    const scan = await scanForSecrets(dir);
    expect(scan.leaks).toEqual([]);
    expect(scan.processes).toBeGreaterThanOrEqual(runs.length * 2);
    expect(scan.linesScanned).toBeGreaterThan(1000);
  });
});
