/**
 * How many requests one HTTP peer gets at once, learned from its answers. Pure: a state and an answer in, the
 * next state out; the gate that enforces it (`pace.ts`) and the clock are elsewhere.
 *
 * AIMD, as TCP Reno's congestion avoidance and Netflix concurrency-limits' AIMDLimit do it, with a latency check
 * after TCP Vegas:
 * - every answer that is not congestion, from a peer we keep busy, adds 1/limit: +1 per full window of answers;
 * - congestion multiplies the limit by `backoff`: a 429, a 503/504/408, no answer at all, or answers slowing
 *   down (the smoothed 2xx latency above `latencyTolerance` × the fastest recent one, plus `latencySlackMs`);
 * - at most once per window: an answer to an attempt sent before the last decrease was sent at the old limit and
 *   says nothing about the new one, so a burst of 429s counts once;
 * - a `Retry-After` holds new sends until it has nearly passed (see `holdUntil`).
 *
 * Why AIMD rather than a gradient limiter alone: the platforms we write to limit a *rate* (a token bucket), not
 * a queue, so their latency does not grow when we go too fast; they answer 429. The latency check still catches
 * a peer that queues instead.
 */
export interface LimitSettings {
  readonly initial: number;
  readonly min: number;
  readonly max: number;
  /** The factor applied on congestion, in (0, 1). */
  readonly backoff: number;
  readonly latencyTolerance: number;
  /** Below this much extra latency nothing is queueing: a busy event loop or a larger page, not congestion. */
  readonly latencySlackMs: number;
  /** How many recent 2xx latencies the baseline (their minimum) is taken over. */
  readonly baselineSamples: number;
  /** 2xx answers needed before latency can count as congestion. */
  readonly latencyWarmup: number;
  /**
   * The longest `Retry-After` that holds new sends: a request gives up on a longer one (the retry policy's
   * longest wait), so holding the others back for it would only delay the same failure.
   */
  readonly maxHoldMs: number;
}

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = {
  // Today's fixed number, a safe start for any peer; growth finds the rest within a few windows.
  initial: 4,
  min: 1,
  // A ceiling that keeps one sync polite even to a peer that never pushes back.
  max: 32,
  // Halving, as TCP Reno: against a token bucket 0.7 and 0.85 measured the same rate with 1.5–2× the 429s.
  backoff: 0.5,
  latencyTolerance: 2,
  latencySlackMs: 50,
  baselineSamples: 100,
  latencyWarmup: 10,
  maxHoldMs: 60_000,
};

export interface LimitState {
  /** Fractional: growth adds 1/limit per answer; the gate lets `allowance(state)` through. */
  readonly limit: number;
  /** When the last decrease happened (epoch ms); attempts sent before it cannot decrease the limit again. */
  readonly decreasedAt: number;
  /** Recent 2xx latencies, oldest first. */
  readonly latencies: readonly number[];
  /** Exponentially smoothed 2xx latency, undefined until one arrives. */
  readonly smoothedMs: number | undefined;
  /** No attempt is sent before this (epoch ms). */
  readonly holdUntil: number;
}

/** One attempt's answer as the limiter sees it. */
export interface AttemptOutcome {
  /** The HTTP status, or 0 when no answer came (a reset, a timeout, a cut-off body). */
  readonly status: number;
  /** Epoch ms when it was sent. */
  readonly sentAt: number;
  readonly latencyMs: number;
  /** Attempts in flight when it was sent, itself included. */
  readonly inFlight: number;
  /** The peer's `Retry-After`, in ms, when it gave one. */
  readonly retryAfterMs?: number | undefined;
}

export type LimitReason = "grew" | "rate_limited" | "overloaded" | "no_answer" | "slower";

/** A change of the allowance (or a decrease that hit the floor), for traces and logs. */
export interface LimitChange {
  readonly at: number;
  readonly from: number;
  readonly to: number;
  readonly reason: LimitReason;
}

export interface LimitStep {
  readonly state: LimitState;
  readonly change?: LimitChange | undefined;
}

const SMOOTHING = 0.25;
/** `Retry-After` is whole seconds, rounded up: the peer's true wait may be up to this much shorter. */
const RETRY_AFTER_PRECISION_MS = 1000;

export function initialLimit(settings: LimitSettings = DEFAULT_LIMIT_SETTINGS): LimitState {
  return {
    limit: settings.initial,
    decreasedAt: Number.NEGATIVE_INFINITY,
    latencies: [],
    smoothedMs: undefined,
    holdUntil: Number.NEGATIVE_INFINITY,
  };
}

/** Attempts allowed in flight. */
export function allowance(state: LimitState): number {
  return Math.floor(state.limit);
}

function congestionOf(status: number): LimitReason | undefined {
  if (status === 0) return "no_answer";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 503 || status === 504) return "overloaded";
  return undefined;
}

/** Answers that show the peer coping: every 2xx–4xx except the congestion ones above. */
const isFine = (status: number): boolean => status >= 200 && status < 500 && status !== 429 && status !== 408;

/**
 * Where new sends wait until after a 429 or 503 with `Retry-After`. Whole seconds make the hint a ceiling: the
 * peer's true wait is more than `Retry-After` − 1 s, so sending before that is certainly refused, and waiting out
 * the full hint would leave a token bucket refilling unused. A `Retry-After: 1` (the usual token-bucket answer)
 * thus holds nothing back; the limit's decrease slows the others, the refused attempt waits its full second.
 * (Holding everyone for the full second measured 0.90 R in the bench, against 0.94 R this way.)
 */
function holdUntil(state: LimitState, outcome: AttemptOutcome, settings: LimitSettings): number {
  const { retryAfterMs, status } = outcome;
  if (retryAfterMs === undefined || retryAfterMs > settings.maxHoldMs || (status !== 429 && status !== 503)) {
    return state.holdUntil;
  }
  const answeredAt = outcome.sentAt + outcome.latencyMs;
  return Math.max(state.holdUntil, answeredAt + retryAfterMs - RETRY_AFTER_PRECISION_MS);
}

function withLatency(state: LimitState, latencyMs: number, settings: LimitSettings): LimitState {
  const latencies = [...state.latencies, latencyMs].slice(-settings.baselineSamples);
  const smoothedMs =
    state.smoothedMs === undefined
      ? latencyMs
      : state.smoothedMs + SMOOTHING * (latencyMs - state.smoothedMs);
  return { ...state, latencies, smoothedMs };
}

function isSlower(state: LimitState, settings: LimitSettings): boolean {
  if (state.smoothedMs === undefined || state.latencies.length < settings.latencyWarmup) return false;
  const baseline = Math.min(...state.latencies);
  return state.smoothedMs > baseline * settings.latencyTolerance + settings.latencySlackMs;
}

export function onAnswer(
  state: LimitState,
  outcome: AttemptOutcome,
  settings: LimitSettings = DEFAULT_LIMIT_SETTINGS,
): LimitStep {
  const at = outcome.sentAt + outcome.latencyMs;
  let next: LimitState = { ...state, holdUntil: holdUntil(state, outcome, settings) };
  if (outcome.status >= 200 && outcome.status < 300) next = withLatency(next, outcome.latencyMs, settings);
  const reason = congestionOf(outcome.status) ?? (isSlower(next, settings) ? "slower" : undefined);

  if (reason !== undefined) {
    // Sent at the old limit: its congestion was already answered by the last decrease.
    if (outcome.sentAt < state.decreasedAt) return { state: next };
    const limit = Math.max(settings.min, next.limit * settings.backoff);
    const decreased = { ...next, limit, decreasedAt: at };
    return { state: decreased, change: { at, from: allowance(state), to: allowance(decreased), reason } };
  }
  // Growth only while the limit is what holds us back: an idle limit proves nothing about the peer.
  if (!isFine(outcome.status) || outcome.inFlight * 2 < allowance(next)) return { state: next };
  const grown = { ...next, limit: Math.min(settings.max, next.limit + 1 / next.limit) };
  const change =
    allowance(grown) > allowance(state)
      ? { at, from: allowance(state), to: allowance(grown), reason: "grew" as const }
      : undefined;
  return { state: grown, change };
}
