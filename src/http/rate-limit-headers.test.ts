import { describe, expect, it } from "vitest";
import { RESET_MARGIN_MS, rateLimitResetWait, readRateLimit } from "./rate-limit-headers.js";

const NOW = 1_700_000_000_000;

describe("Bob's X-RateLimit headers", () => {
  it("reads them, the reset in epoch seconds", () => {
    expect(
      readRateLimit({
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1700000030",
      }),
    ).toEqual({ limit: 50, remaining: 0, resetAtMs: 1_700_000_030_000 });
    expect(readRateLimit({})).toEqual({ limit: undefined, remaining: undefined, resetAtMs: undefined });
    expect(readRateLimit({ "x-ratelimit-remaining": "" }).remaining).toBeUndefined();
  });

  it.each<[string, string | undefined, number | undefined]>([
    ["30 s ahead", String(NOW / 1000 + 30), 30_000 + RESET_MARGIN_MS],
    ["now", String(NOW / 1000), RESET_MARGIN_MS],
    ["59 s past", String(NOW / 1000 - 59), RESET_MARGIN_MS],
    ["61 s past", String(NOW / 1000 - 61), undefined],
    ["absent", undefined, undefined],
    ["garbage", "tomorrow", undefined],
  ])("a reset %s → wait %j ms", (_name, reset, wait) => {
    expect(rateLimitResetWait(reset === undefined ? {} : { "x-ratelimit-reset": reset }, NOW)).toBe(wait);
  });
});
