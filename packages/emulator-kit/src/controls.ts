import type { Clock } from "./clock.js";
import { createRequestCounter } from "./counters.js";
import type { RequestCounts } from "./counters.js";
import { drawFault, faultScheduleSchema } from "./faults.js";
import type { FaultSpec, FaultTarget } from "./faults.js";
import { retryAfterSeconds, takeToken } from "./rate-limit.js";
import type { Bucket, RateLimit } from "./rate-limit.js";
import { latencySchema } from "./latency.js";

/** What happens to one request before the API handler sees it. */
export type Admission =
  | { readonly kind: "pass"; readonly rateLimitHeaders: Readonly<Record<string, string>> }
  | { readonly kind: "fault"; readonly fault: FaultSpec }
  | {
      readonly kind: "rate-limited";
      readonly retryAfterSeconds: number;
      readonly headers: Readonly<Record<string, string>>;
    };

/**
 * The knobs tests and benchmarks turn on a running emulator: fault schedule, rate limit, answer latency, request
 * counters.
 * One instance per emulator, never shared, so parallel emulators in one process stay independent.
 */
export interface EmulatorControls {
  admit(target: FaultTarget): Admission;
  setFaults(faults: readonly FaultSpec[]): void;
  addFaults(faults: readonly FaultSpec[]): void;
  faults(): readonly FaultSpec[];
  setRateLimit(limit: RateLimit | undefined): void;
  rateLimit(): RateLimit | undefined;
  setLatency(latencyMs: number): void;
  /** How long every API answer takes (ms), as a real platform's round trip and work do; 0 by default. */
  latency(): number;
  requests(): RequestCounts;
  resetRequests(): void;
}

export interface ControlsOptions {
  readonly clock: Clock;
  readonly rateLimit?: RateLimit | undefined;
  readonly latencyMs?: number | undefined;
  readonly faults?: readonly FaultSpec[] | undefined;
}

export function createControls(options: ControlsOptions): EmulatorControls {
  const counter = createRequestCounter();
  let schedule: readonly FaultSpec[] = validated(options.faults ?? []);
  let limit = options.rateLimit;
  let bucket: Bucket | undefined;
  let latencyMs = checkedLatency(options.latencyMs ?? 0);

  return {
    admit(target) {
      counter.record(target.method, target.path);
      const draw = drawFault(schedule, target);
      schedule = draw.schedule;
      if (draw.fault !== undefined) {
        counter.recordFaulted();
        return { kind: "fault", fault: draw.fault };
      }
      if (limit === undefined) return { kind: "pass", rateLimitHeaders: {} };
      const decision = takeToken(limit, bucket, options.clock());
      bucket = decision.bucket;
      const base = { "x-ratelimit-limit": String(limit.requestsPerSecond) };
      if (decision.allowed) {
        return {
          kind: "pass",
          rateLimitHeaders: { ...base, "x-ratelimit-remaining": String(decision.remaining) },
        };
      }
      counter.recordRateLimited();
      const seconds = retryAfterSeconds(decision.retryAfterMs);
      return {
        kind: "rate-limited",
        retryAfterSeconds: seconds,
        headers: { ...base, "x-ratelimit-remaining": "0", "retry-after": String(seconds) },
      };
    },
    setFaults(faults) {
      schedule = validated(faults);
    },
    addFaults(faults) {
      schedule = [...schedule, ...validated(faults)];
    },
    faults: () => schedule,
    setRateLimit(next) {
      limit = next;
      bucket = undefined;
    },
    rateLimit: () => limit,
    setLatency(next) {
      latencyMs = checkedLatency(next);
    },
    latency: () => latencyMs,
    requests: () => counter.snapshot(),
    resetRequests: () => {
      counter.reset();
    },
  };
}

/** The same check as the admin endpoint's, for in-process callers. */
function checkedLatency(ms: number): number {
  return latencySchema.parse(ms);
}

/** In-process callers get the same validation as the admin endpoint, so a typo fails loudly in both. */
function validated(faults: readonly FaultSpec[]): readonly FaultSpec[] {
  return faultScheduleSchema.parse(faults);
}

/** What every emulator hands tests and benchmarks to steer it, beside its own data handles. */
export interface EmulatorHandle {
  setFaults(faults: readonly FaultSpec[]): void;
  addFaults(faults: readonly FaultSpec[]): void;
  faults(): readonly FaultSpec[];
  setRateLimit(limit: RateLimit | undefined): void;
  /** Every API answer takes this long (ms) from now on; 0 turns it off. */
  setLatency(latencyMs: number): void;
  requests(): RequestCounts;
  resetRequests(): void;
  /** Forgets the emulator's data, faults and counters (the rate limit and latency settings stay). */
  reset(): void;
  close(): Promise<void>;
}

export function emulatorHandle(
  controls: EmulatorControls,
  resetData: () => void,
  close: () => Promise<void>,
): EmulatorHandle {
  return {
    setFaults: (faults) => {
      controls.setFaults(faults);
    },
    addFaults: (faults) => {
      controls.addFaults(faults);
    },
    faults: () => controls.faults(),
    setRateLimit: (limit) => {
      controls.setRateLimit(limit);
    },
    setLatency: (latencyMs) => {
      controls.setLatency(latencyMs);
    },
    requests: () => controls.requests(),
    resetRequests: () => {
      controls.resetRequests();
    },
    reset: () => {
      resetData();
      controls.setFaults([]);
      controls.setRateLimit(controls.rateLimit()); // refills the bucket
      controls.resetRequests();
    },
    close,
  };
}
