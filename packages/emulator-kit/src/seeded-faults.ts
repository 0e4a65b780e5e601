import { FAULT_KINDS } from "./faults.js";
import type { FaultKind, FaultSpec } from "./faults.js";

/** Knobs for a reproducible random fault timeline (the chaos suite's "seeded fault schedules"). */
export interface SeededFaultOptions {
  readonly seed: number;
  /** How many fault entries to draw. */
  readonly entries: number;
  readonly kinds?: readonly FaultKind[] | undefined;
  /** Up to this many matching requests pass untouched before each entry fires (default 20). */
  readonly maxGap?: number | undefined;
  /** Each entry hits 1..maxBurst consecutive requests (default 3; a "storm" is a large burst of 429). */
  readonly maxBurst?: number | undefined;
  readonly path?: string | undefined;
  readonly method?: string | undefined;
  /** Delay for "slow" entries (default 200 ms). */
  readonly slowDelayMs?: number | undefined;
}

/** Pure: the same options always give the same schedule. */
export function seededFaultSchedule(options: SeededFaultOptions): FaultSpec[] {
  const random = mulberry32(options.seed);
  const kinds = options.kinds ?? FAULT_KINDS;
  const pick = (n: number): number => Math.floor(random() * n);
  const schedule: FaultSpec[] = [];
  for (let i = 0; i < options.entries; i++) {
    const kind = kinds[pick(kinds.length)] ?? "500";
    schedule.push({
      kind,
      count: 1 + pick(options.maxBurst ?? 3),
      after: pick((options.maxGap ?? 20) + 1),
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(kind === "slow" ? { delayMs: options.slowDelayMs ?? 200 } : {}),
      ...(kind === "reset" ? { phase: random() < 0.5 ? "before" : "after" } : {}),
    });
  }
  return schedule;
}

/** A tiny, well-known 32-bit PRNG; good enough to shuffle faults, and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
