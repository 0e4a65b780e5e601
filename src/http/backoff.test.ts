import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay: exponential, equal jitter", () => {
  const backoff = { baseMs: 1_000, capMs: 60_000 };

  it.each([
    { retry: 0, random: 0, expected: 500 },
    { retry: 0, random: 0.999_999, expected: 1_000 },
    { retry: 1, random: 0, expected: 1_000 },
    { retry: 2, random: 0.5, expected: 3_000 },
    { retry: 3, random: 0, expected: 4_000 },
    { retry: 3, random: 0.999_999, expected: 8_000 },
    { retry: 6, random: 0, expected: 30_000 },
    { retry: 20, random: 0.999_999, expected: 60_000 },
  ])("retry $retry, random $random → $expected ms", ({ retry, random, expected }) => {
    expect(backoffDelay(retry, random, backoff)).toBe(expected);
  });

  it("never waits less than half the window, nor more than the window", () => {
    for (let retry = 0; retry < 10; retry += 1) {
      const window = Math.min(60_000, 1_000 * 2 ** retry);
      for (const random of [0, 0.25, 0.5, 0.75, 0.999_999]) {
        const wait = backoffDelay(retry, random, backoff);
        expect(wait).toBeGreaterThanOrEqual(window / 2);
        expect(wait).toBeLessThanOrEqual(window);
      }
    }
  });
});
