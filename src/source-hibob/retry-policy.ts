/**
 * How the source answers each kind of failure, as pure functions of what Bob said. The one place that decides
 * whether to retry, wait or give up.
 */
export type Verdict =
  | { readonly kind: "ok" }
  | { readonly kind: "rate_limited" }
  | { readonly kind: "retry" }
  | { readonly kind: "auth" }
  | { readonly kind: "fail" };

export function verdictFor(status: number): Verdict {
  if (status >= 200 && status < 300) return { kind: "ok" };
  if (status === 401 || status === 403) return { kind: "auth" };
  if (status === 429) return { kind: "rate_limited" };
  if (status === 408 || status >= 500) return { kind: "retry" };
  return { kind: "fail" };
}

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Retries of 5xx, timeouts and resets for one request before it fails as transient. */
  readonly maxRetries: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, maxRetries: 5 };

/** Exponential backoff with "equal jitter": half the window fixed, half random, so retries spread out. */
export function backoffDelay(
  attempt: number,
  random: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const window = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(window / 2 + (window / 2) * random);
}

export type HeaderValue = string | number | readonly string[] | undefined | null;
export type Headers = Readonly<Record<string, HeaderValue>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? value : value[0];
}

export interface RateLimitHeaders {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  /** When the window resets, epoch ms. */
  readonly resetAtMs: number | undefined;
}

/** Bob's `X-RateLimit-*` headers; the reset is epoch seconds. */
export function readRateLimit(headers: Headers): RateLimitHeaders {
  const number = (name: string): number | undefined => {
    const text = header(headers, name);
    const value = text === undefined ? NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  };
  const reset = number("x-ratelimit-reset");
  return {
    limit: number("x-ratelimit-limit"),
    remaining: number("x-ratelimit-remaining"),
    resetAtMs: reset === undefined ? undefined : reset * 1_000,
  };
}

/** A small margin after the reset: clocks differ and Bob counts the window on its side. */
export const RESET_MARGIN_MS = 1_000;

/**
 * How long to wait after a 429. The reset header wins; `Retry-After` (seconds or an HTTP date) is honoured when
 * present; otherwise back off as for a 5xx.
 */
export function rateLimitWait(headers: Headers, nowMs: number, attempt: number, random: number): number {
  const { resetAtMs } = readRateLimit(headers);
  if (resetAtMs !== undefined && resetAtMs > nowMs - 60_000)
    return Math.max(0, resetAtMs - nowMs) + RESET_MARGIN_MS;
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  return backoffDelay(attempt, random);
}
