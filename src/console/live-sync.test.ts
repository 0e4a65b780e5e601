import { describe, expect, it } from "vitest";
import { NO_COUNTS } from "../learner-events/index.js";
import { liveProgress } from "./live-sync.js";

const progress = {
  dryRun: false,
  recordsRead: 120,
  recordsExpected: 500,
  learners: { ...NO_COUNTS, created: 7 },
  rateLimitWaits: 2,
};

describe("liveProgress", () => {
  it("passes the tally's counts on, as sync's terminal line shows them", () => {
    expect(liveProgress("sync", "t0", { ...progress, waitingUntil: null }, 1_000)).toEqual({
      kind: "sync",
      startedAt: "t0",
      dryRun: false,
      recordsRead: 120,
      recordsExpected: 500,
      learners: { ...NO_COUNTS, created: 7 },
      rateLimitWaits: 2,
      waitSecondsLeft: null,
    });
  });

  it.each([
    [11_000, 1_000, 10],
    [11_001, 1_000, 11],
    [1_500, 1_000, 1],
    [1_000, 1_000, null],
    [500, 1_000, null],
  ])("a rate-limit pause until %i, at %i: %s seconds left", (until, now, left) => {
    expect(liveProgress("preview", "t0", { ...progress, waitingUntil: until }, now).waitSecondsLeft).toBe(
      left,
    );
  });
});
