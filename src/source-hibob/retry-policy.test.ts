import { describe, expect, it } from "vitest";
import { backoffDelay, rateLimitWait, readRateLimit, RESET_MARGIN_MS, verdictFor } from "./retry-policy.js";

describe("verdictFor", () => {
  it.each([
    [200, "ok"],
    [204, "ok"],
    [401, "auth"],
    [403, "auth"],
    [429, "rate_limited"],
    [408, "retry"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [400, "fail"],
    [404, "fail"],
  ])("%i → %s", (status, kind) => {
    expect(verdictFor(status).kind).toBe(kind);
  });
});

describe("backoffDelay", () => {
  it("doubles per attempt within [window/2, window] and stops growing at the cap", () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffDelay(20, 1)).toBe(60_000);
  });
});

describe("rate-limit headers", () => {
  const now = 1_700_000_000_000;

  it("reads Bob's X-RateLimit headers, reset in epoch seconds", () => {
    expect(
      readRateLimit({
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1700000030",
      }),
    ).toEqual({ limit: 50, remaining: 0, resetAtMs: 1_700_000_030_000 });
    expect(readRateLimit({})).toEqual({ limit: undefined, remaining: undefined, resetAtMs: undefined });
  });

  it("waits until the reset plus a margin", () => {
    expect(rateLimitWait({ "x-ratelimit-reset": String(now / 1000 + 30) }, now, 0, 0.5)).toBe(
      30_000 + RESET_MARGIN_MS,
    );
    expect(rateLimitWait({ "x-ratelimit-reset": String(now / 1000) }, now, 0, 0.5)).toBe(RESET_MARGIN_MS);
  });

  it("honours Retry-After in seconds or as a date when there is no reset", () => {
    expect(rateLimitWait({ "retry-after": "7" }, now, 0, 0.5)).toBe(7_000);
    expect(rateLimitWait({ "retry-after": new Date(now + 12_000).toUTCString() }, now, 0, 0.5)).toBe(12_000);
  });

  it("backs off when Bob gives no hint, or a reset long past", () => {
    expect(rateLimitWait({}, now, 2, 0)).toBe(2_000);
    expect(rateLimitWait({ "x-ratelimit-reset": "1000" }, now, 0, 0)).toBe(500);
  });
});
