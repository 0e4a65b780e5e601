/**
 * HTTP failure handling shared by every edge that talks to a peer over HTTP: source-hibob's Bob client and the
 * destination's SCIM and EasyLlama targets. It lives beside `protocol/` rather than in either connector because
 * both use it and neither should import the other; like `protocol/`, it knows nothing of HiBob or learners (the
 * peers' differences are settings the edges pass in).
 *
 * - `classify`: the one table from an outcome (status and headers, a network error, a cut-off body) to a verdict;
 * - `backoffDelay`, `parseRetryAfter`, `rateLimitResetWait`: retry timing, pure;
 * - `withRetries`: the one loop, with an injected clock so tests never sleep;
 * - `createPace`: how many attempts a peer gets at once, learned from its answers (`adaptive-limit.ts`, pure).
 *
 * Per peer (`Peer`): its name and URL field for messages, whether its 429 carries Bob's `X-RateLimit-Reset`,
 * its limits (`RetrySettings`) and its credential message. What a refusal becomes is the edge's: Bob's client
 * throws a system error, the learner targets turn 4xx (and SCIM's 501) into per-record rejects.
 *
 * Why not axios-retry or p-retry: both sleep on real timers, axios-retry sees only rejected requests (the edges
 * accept every status, to read per-record refusals) and neither knows Bob's reset header, a wait budget, pacing
 * between attempts or a credential refresh on 401. All they would save is the loop itself, which is short.
 */
export type {
  AttemptOutcome,
  LimitChange,
  LimitReason,
  LimitSettings,
  LimitState,
  LimitStep,
} from "./adaptive-limit.js";
export { allowance, DEFAULT_LIMIT_SETTINGS, initialLimit, onAnswer } from "./adaptive-limit.js";
export type { Backoff } from "./backoff.js";
export { backoffDelay } from "./backoff.js";
export type { Outcome, PeerRules, Verdict } from "./classify.js";
export { classify } from "./classify.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { Exchange } from "./exchange.js";
export { AnswerRetriesExhausted } from "./gave-up.js";
export { failedExchange } from "./exchange.js";
export type { HeaderBag, HeaderValue } from "./headers.js";
export { headerValue } from "./headers.js";
export type { Gate } from "./gate.js";
export { createGate } from "./gate.js";
export type { Pace, PaceOptions } from "./pace.js";
export { createPace } from "./pace.js";
export type { RateLimitHeaders } from "./rate-limit-headers.js";
export { RESET_MARGIN_MS, rateLimitResetWait, readRateLimit } from "./rate-limit-headers.js";
export { parseHttpDate, parseRetryAfter } from "./retry-after.js";
export type { Answered, Peer, RetryLoopOptions, RetrySettings } from "./retry-loop.js";
export { withRetries } from "./retry-loop.js";
