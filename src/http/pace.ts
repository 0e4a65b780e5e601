import type { AttemptOutcome, LimitChange, LimitSettings, LimitState } from "./adaptive-limit.js";
import { allowance, DEFAULT_LIMIT_SETTINGS, initialLimit, onAnswer } from "./adaptive-limit.js";
import type { Clock } from "./clock.js";
import type { Exchange } from "./exchange.js";
import { createGate } from "./gate.js";
import { headerValue } from "./headers.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * One peer's pace: every attempt passes a gate sized by the adaptive limit, which learns from the attempt's
 * status and latency. It wraps single attempts, not requests: a request waiting out a `Retry-After` or a backoff
 * in the retry loop holds no slot, so the others keep the peer busy meanwhile. One per peer per run.
 */
export interface Pace {
  attempt<R>(send: () => Promise<Exchange<R>>): Promise<Exchange<R>>;
  /** Attempts allowed in flight now. */
  allowance(): number;
}

export interface PaceOptions {
  readonly clock: Clock;
  readonly settings?: LimitSettings | undefined;
  /** Told each change of the allowance, and each decrease: the limiter's trace. */
  readonly onChange?: ((change: LimitChange) => void) | undefined;
}

const statusOf = <R>(exchange: Exchange<R>): number => (exchange.kind === "answer" ? exchange.status : 0);

export function createPace(options: PaceOptions): Pace {
  const { clock } = options;
  const settings = options.settings ?? DEFAULT_LIMIT_SETTINGS;
  let state: LimitState = initialLimit(settings);
  const gate = createGate(allowance(state));
  // One sleep shared by everyone held back, so a clock whose sleep moves time (tests) moves it once.
  let hold: { readonly until: number; readonly done: Promise<void> } | undefined;

  const heldBack = async (): Promise<void> => {
    const now = clock.now();
    if (state.holdUntil <= now) return;
    if (hold?.until !== state.holdUntil) {
      hold = { until: state.holdUntil, done: clock.sleep(state.holdUntil - now) };
    }
    await hold.done;
  };

  const learn = (outcome: AttemptOutcome): void => {
    const step = onAnswer(state, outcome, settings);
    state = step.state;
    gate.resize(allowance(state));
    if (step.change !== undefined) options.onChange?.(step.change);
  };

  return {
    async attempt(send) {
      await gate.acquire();
      try {
        await heldBack();
        const inFlight = gate.inFlight();
        const sentAt = clock.now();
        const exchange = await send();
        const answeredAt = clock.now();
        const retryAfter =
          exchange.kind === "answer" ? headerValue(exchange.headers, "retry-after") : undefined;
        learn({
          status: statusOf(exchange),
          sentAt,
          latencyMs: answeredAt - sentAt,
          inFlight,
          retryAfterMs: parseRetryAfter(retryAfter, answeredAt),
        });
        return exchange;
      } finally {
        gate.release();
      }
    },
    allowance: () => allowance(state),
  };
}
