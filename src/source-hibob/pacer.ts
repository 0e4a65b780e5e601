import { readRateLimit, RESET_MARGIN_MS, type Headers } from "./retry-policy.js";

/**
 * Keeps one endpoint's requests under its per-minute limit: at least 60 000 / ceiling ms apart, and none sent
 * while Bob says the window is used up (`X-RateLimit-Remaining: 0`) until it resets.
 */
export class Pacer {
  readonly #minIntervalMs: number;
  #nextAllowedMs = 0;
  #blockedUntilMs = 0;

  constructor(requestsPerMinute: number) {
    this.#minIntervalMs = requestsPerMinute > 0 ? 60_000 / requestsPerMinute : 0;
  }

  /** How long to wait before the next request may go, and books that slot. */
  reserve(nowMs: number): number {
    const at = Math.max(nowMs, this.#nextAllowedMs, this.#blockedUntilMs);
    this.#nextAllowedMs = at + this.#minIntervalMs;
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
