import { describe, expect, it } from "vitest";
import { routeKey } from "./counters.js";
import { retryAfterSeconds, takeToken } from "./rate-limit.js";
import type { Bucket } from "./rate-limit.js";

describe("takeToken", () => {
  it("lets a burst through, refuses the next request and says when to come back", () => {
    const limit = { requestsPerSecond: 4, burst: 2 };
    let bucket: Bucket | undefined;
    const outcomes: boolean[] = [];
    let lastRetry = 0;
    for (let i = 0; i < 3; i++) {
      const decision = takeToken(limit, bucket, 1_000);
      bucket = decision.bucket;
      outcomes.push(decision.allowed);
      if (!decision.allowed) lastRetry = decision.retryAfterMs;
    }
    expect(outcomes).toEqual([true, true, false]);
    expect(lastRetry).toBe(250);
    expect(takeToken(limit, bucket, 1_249).allowed).toBe(false);
    expect(takeToken(limit, bucket, 1_250).allowed).toBe(true);
  });

  it("never holds more than the burst, however long the pause", () => {
    const limit = { requestsPerSecond: 10, burst: 3 };
    let bucket: Bucket | undefined = { tokens: 0, updatedAt: 0 };
    let allowed = 0;
    for (let i = 0; i < 10; i++) {
      const decision = takeToken(limit, bucket, 60_000);
      bucket = decision.bucket;
      if (decision.allowed) allowed++;
    }
    expect(allowed).toBe(3);
  });

  it("holds the long-run rate to R requests per second", () => {
    const limit = { requestsPerSecond: 50 };
    let bucket: Bucket | undefined;
    let allowed = 0;
    // One attempt per millisecond for 10 s: 50 burst + 50/s × 10 s.
    for (let now = 0; now < 10_000; now++) {
      const decision = takeToken(limit, bucket, now);
      bucket = decision.bucket;
      if (decision.allowed) allowed++;
    }
    expect(allowed).toBeGreaterThanOrEqual(549);
    expect(allowed).toBeLessThanOrEqual(550);
  });

  it("rounds Retry-After up to whole seconds, at least 1", () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_000)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
  });
});

describe("routeKey", () => {
  it("folds numeric and UUID segments", () => {
    expect(routeKey("patch", "/Users/0baab971-6013-489c-9584-e50dfb678e21")).toBe("PATCH /Users/:id");
    expect(routeKey("DELETE", "/learners/12/learner_trainings/7")).toBe(
      "DELETE /learners/:id/learner_trainings/:id",
    );
    expect(routeKey("GET", "/ServiceProviderConfig")).toBe("GET /ServiceProviderConfig");
  });
});
