import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultKind, FaultRule } from "@hibob-learners/hibob-emulator";
import type { Company, FaultRun } from "./harness.js";
import { BASE_SEED, company, Dice, faultRun, scanForSecrets } from "./harness.js";

// Seeded fault schedules on Bob's side: 429 storms (Bob's rate limits on, with X-RateLimit-Reset), 5xx bursts,
// connection resets, truncated bodies, slow answers, an HTML page, a quota lockout, an exhausting 5xx burst and
// a wrong token. Each run ends with exactly the clean run's learners, or fails with the right failure_type and
// converges on a re-run without faults from the saved state.

const SEED = BASE_SEED + 1;
let dir: string;
let acme: Company;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chaos-hibob-"));
  acme = await company(dir, {
    employees: 240,
    seed: SEED,
    kind: "sqlite",
    batchSize: 40,
    courses: true,
    rateLimits: true,
  });
}, 60_000);

afterAll(async () => {
  if (process.env.CHAOS_KEEP === undefined) await rm(dir, { recursive: true, force: true });
});

const SURVIVABLE: readonly FaultKind[] = ["429", "500", "502", "503", "reset", "truncate", "slow"];

/** A timeline of `entries` Bob faults, none longer than the source's retries can absorb. */
function survivable(seed: number, entries: number, kinds: readonly FaultKind[]): FaultRule[] {
  const dice = new Dice(seed);
  return Array.from({ length: entries }, (): FaultRule => {
    const kind = dice.pick(kinds);
    return {
      endpoint: dice.chance(0.8) ? "people.search" : "fields",
      kind,
      count: kind === "429" ? dice.int(2, 4) : dice.int(1, 2),
      after: dice.int(0, 3),
      ...(kind === "slow" ? { delayMs: dice.int(200, 1500) } : {}),
      ...(kind === "reset" || kind === "truncate" ? { afterBytes: dice.int(0, 4000) } : {}),
    };
  });
}

const bobFaults =
  (rules: () => FaultRule[]): FaultRun["arm"] =>
  ({ bob: emulator }) => {
    const list = rules();
    for (const rule of list) emulator.emulator.addFault(rule);
    return list;
  };

const runs: FaultRun[] = [
  ...(["429", "500", "502", "503", "reset", "truncate", "slow"] as const).map((kind, i): FaultRun => ({
    name: `bob-${kind}`,
    seed: SEED + 100 + i,
    arm: bobFaults(() => survivable(SEED + 100 + i, 2, [kind])),
    mayFailWith: [],
  })),
  ...[0, 1, 2].map((i): FaultRun => ({
    name: "bob-mixed",
    seed: SEED + 200 + i,
    arm: bobFaults(() => survivable(SEED + 200 + i, 4, SURVIVABLE)),
    mayFailWith: [],
  })),
  {
    name: "bob-html",
    seed: SEED + 300,
    arm: bobFaults(() => [
      { endpoint: "people.search", kind: "html", count: 1, after: new Dice(SEED + 300).int(1, 5) },
    ]),
    mayFailWith: ["system_error"],
    mustFail: true,
  },
  {
    name: "bob-quota-lockout",
    seed: SEED + 301,
    arm: (chaos) => {
      chaos.bob.lockout(true);
      const rule: FaultRule = {
        endpoint: "people.search",
        kind: "429",
        count: 1,
        after: new Dice(SEED + 301).int(1, 5),
      };
      chaos.bob.emulator.addFault(rule);
      return rule;
    },
    mayFailWith: ["transient_error"],
    mustFail: true,
  },
  {
    name: "bob-5xx-exhausting",
    seed: SEED + 302,
    arm: bobFaults(() => {
      const dice = new Dice(SEED + 302);
      // Six answers in a row: the first try and five retries, then the request fails as transient.
      return [
        {
          endpoint: "people.search",
          kind: dice.pick(["500", "502", "503"] as const),
          count: 6,
          after: dice.int(1, 5),
        },
      ];
    }),
    mayFailWith: ["transient_error"],
    mustFail: true,
  },
  {
    name: "bob-wrong-token",
    seed: SEED + 303,
    arm: () => "wrong service user token",
    badToken: "source",
    mayFailWith: ["config_error"],
    mustFail: true,
  },
];

describe(`Bob fault schedules (CHAOS_SEED=${BASE_SEED})`, () => {
  it.concurrent.each(runs.map((run) => [run.name, run.seed, run] as const))(
    "%s, seed %i",
    async (_name, _seed, run) => {
      const outcome = await faultRun(dir, acme, run);
      expect(outcome.problems, outcome.message).toEqual([]);
    },
    120_000,
  );

  it("no credential in any line of any process, any report or any state file", async () => {
    const scan = await scanForSecrets(dir);
    expect(scan.leaks).toEqual([]);
    expect(scan.processes).toBeGreaterThanOrEqual(runs.length * 2);
    expect(scan.linesScanned).toBeGreaterThan(1000);
  });
});
