// Faults on demand, as data: a rule names an endpoint (or "*"), a kind, and how often it fires.
// A later chaos suite can build seeded schedules of these rules; `probability` draws from a seeded stream.

import type { Random } from "./prng.js";
import { createRandom } from "./prng.js";
import type { EndpointKey } from "./rate-limit.js";
import { isEndpointKey } from "./rate-limit.js";

export const FAULT_KINDS = ["429", "500", "502", "503", "reset", "truncate", "slow", "html"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  endpoint: EndpointKey | "*";
  kind: FaultKind;
  /** How many matching requests it hits before it switches itself off; absent = until removed. */
  count?: number;
  /** Let this many matching requests through untouched first ("the 101st call fails"). */
  after?: number;
  /** Chance that a matching request is hit (default 1), drawn from the emulator's seeded stream. */
  probability?: number;
  /** slow: how long to wait before answering (default 3000 ms). */
  delayMs?: number;
  /** reset/truncate: bytes sent before the cut (default: half of the body, at most 64 KiB). */
  afterBytes?: number;
}

export interface ActiveFault extends FaultRule {
  id: number;
  fired: number;
  /** Matching requests let through so far under `after`. */
  passed: number;
}

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === "string" && (FAULT_KINDS as readonly string[]).includes(value);
}

function optionalNumber(
  input: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | undefined | string {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    return `${key} must be a number from ${min} to ${max}`;
  }
  return value;
}

/** Validates a rule from JSON (admin API, CLI); returns an error message when it is not one. */
export function parseFaultRule(input: unknown): FaultRule | string {
  if (typeof input !== "object" || input === null) return "a fault must be an object";
  const o = input as Record<string, unknown>;
  const endpoint = o.endpoint ?? "*";
  if (typeof endpoint !== "string" || (endpoint !== "*" && !isEndpointKey(endpoint))) {
    return `unknown endpoint ${JSON.stringify(endpoint)}`;
  }
  if (!isFaultKind(o.kind)) return `kind must be one of ${FAULT_KINDS.join(", ")}`;
  const rule: FaultRule = { endpoint, kind: o.kind };
  const checks: ["count" | "after" | "probability" | "delayMs" | "afterBytes", number, number][] = [
    ["count", 1, 1_000_000],
    ["after", 0, 1_000_000],
    ["probability", 0, 1],
    ["delayMs", 0, 600_000],
    ["afterBytes", 0, 1_000_000_000],
  ];
  for (const [key, min, max] of checks) {
    const value = optionalNumber(o, key, min, max);
    if (typeof value === "string") return value;
    if (value !== undefined) rule[key] = value;
  }
  return rule;
}

export class FaultPlan {
  #next = 1;
  #faults: ActiveFault[] = [];
  readonly #random: Random;

  constructor(seed: number) {
    this.#random = createRandom(seed ^ 0x0badf00d);
  }

  add(rule: FaultRule): ActiveFault {
    const fault: ActiveFault = { ...rule, id: this.#next++, fired: 0, passed: 0 };
    this.#faults.push(fault);
    return fault;
  }

  remove(id: number): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((f) => f.id !== id);
    return this.#faults.length < before;
  }

  clear(): void {
    this.#faults = [];
  }

  list(): readonly ActiveFault[] {
    return this.#faults;
  }

  /**
   * The fault that hits this request, if any; counts it and retires exhausted rules. The first matching rule
   * decides: while it is still letting requests through (`after`), later rules wait their turn, so a list of
   * rules reads as a timeline.
   */
  take(endpoint: EndpointKey): ActiveFault | undefined {
    for (const fault of this.#faults) {
      if (fault.endpoint !== "*" && fault.endpoint !== endpoint) continue;
      if (fault.after !== undefined && fault.passed < fault.after) {
        fault.passed++;
        return undefined;
      }
      if (fault.probability !== undefined && this.#random.next() >= fault.probability) continue;
      fault.fired++;
      if (fault.count !== undefined && fault.fired >= fault.count) this.remove(fault.id);
      return fault;
    }
    return undefined;
  }
}
