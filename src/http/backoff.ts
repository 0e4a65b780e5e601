export interface Backoff {
  /** The window of the first retry; it doubles with each retry. */
  readonly baseMs: number;
  /** The window never grows past this. */
  readonly capMs: number;
}

/**
 * Exponential backoff with **equal jitter**: the window is `min(cap, base · 2^retry)`; the wait is half the window
 * plus a random share of the other half, so it lies in [window/2, window]. Writers that failed together spread
 * out, yet none retries at once (full jitter may draw ~0 ms and hammer a peer that is already struggling).
 * `retry` is 0-based; `random` is in [0, 1).
 */
export function backoffDelay(retry: number, random: number, backoff: Backoff): number {
  const window = Math.min(backoff.capMs, backoff.baseMs * 2 ** retry);
  return Math.round(window / 2 + (window / 2) * random);
}
