import { type HeaderBag, headerValue } from "./headers.js";

export interface RateLimitHeaders {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  /** When the window resets, epoch ms. */
  readonly resetAtMs: number | undefined;
}

/** Bob's `X-RateLimit-Limit`, `-Remaining` and `-Reset`; the reset is Unix epoch **seconds** (Bob's docs). */
export function readRateLimit(headers: HeaderBag): RateLimitHeaders {
  const number = (name: string): number | undefined => {
    const text = headerValue(headers, name);
    const value = text === undefined || text.trim() === "" ? NaN : Number(text);
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

/** How far in the past a reset is still taken as "now" (a clock a little ahead of Bob's), not as garbage. */
const STALE_RESET_MS = 60_000;

/**
 * The wait a 429's `X-RateLimit-Reset` asks for: until the reset plus the margin. A reset up to a minute past
 * means "now" (clocks differ); older, absent or unreadable is no hint.
 */
export function rateLimitResetWait(headers: HeaderBag, nowMs: number): number | undefined {
  const { resetAtMs } = readRateLimit(headers);
  if (resetAtMs === undefined || resetAtMs <= nowMs - STALE_RESET_MS) return undefined;
  return Math.max(0, resetAtMs - nowMs) + RESET_MARGIN_MS;
}
