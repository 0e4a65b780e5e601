import { type HeaderBag as Headers, readRateLimit, RESET_MARGIN_MS } from "../http/index.js";

const MINUTE_MS = 60_000;

/**
 * Keeps one endpoint's requests under its per-minute limit: never more than the ceiling in any 60-second
 * window (a small sync goes at once; a large one waits as the window fills), and none sent while Bob says the
 * window is used up (`X-RateLimit-Remaining: 0`) until it resets.
 */
export class Pacer {
  readonly #ceiling: number;
  /** Send times of the last `ceiling` requests, oldest first. */
  readonly #sent: number[] = [];
  #blockedUntilMs = 0;

  constructor(requestsPerMinute: number) {
    this.#ceiling = Math.max(0, Math.floor(requestsPerMinute));
  }

  /** How long to wait before the next request may go, and books that slot. */
  reserve(nowMs: number): number {
    let at = Math.max(nowMs, this.#blockedUntilMs);
    if (this.#ceiling > 0) {
      const oldest = this.#sent.length >= this.#ceiling ? this.#sent.shift() : undefined;
      if (oldest !== undefined) at = Math.max(at, oldest + MINUTE_MS);
      this.#sent.push(at);
    }
    return at - nowMs;
  }

  /** Learns from an answer's rate-limit headers. */
  observe(headers: Headers, nowMs: number): void {
    const { remaining, resetAtMs } = readRateLimit(headers);
    if (remaining === 0 && resetAtMs !== undefined && resetAtMs > nowMs) {
      this.#blockedUntilMs = Math.max(this.#blockedUntilMs, resetAtMs + RESET_MARGIN_MS);
    }
  }
}
