import { describe, expect, it } from "vitest";
import type { AttemptOutcome, LimitChange, LimitSettings, LimitState } from "./adaptive-limit.js";
import { allowance, DEFAULT_LIMIT_SETTINGS, initialLimit, onAnswer } from "./adaptive-limit.js";

/** A synthetic answer: sent at `sentAt`, `latencyMs` later it came back; the peer was kept busy unless told. */
const answer = (status: number, sentAt: number, extra: Partial<AttemptOutcome> = {}): AttemptOutcome => ({
  status,
  sentAt,
  latencyMs: 150,
  inFlight: 32,
  ...extra,
});

/** Feeds the answers in order; what the limit says after each, and the changes it reported. */
function run(
  answers: readonly AttemptOutcome[],
  settings: LimitSettings = DEFAULT_LIMIT_SETTINGS,
  from: LimitState = initialLimit(settings),
): { readonly allowances: number[]; readonly changes: LimitChange[]; readonly state: LimitState } {
  let state = from;
  const allowances: number[] = [];
  const changes: LimitChange[] = [];
  for (const outcome of answers) {
    const step = onAnswer(state, outcome, settings);
    state = step.state;
    allowances.push(allowance(state));
    if (step.change !== undefined) changes.push(step.change);
  }
  return { allowances, changes, state };
}

/** `count` fine answers, one window of `per` every `latencyMs`, starting at `start`. */
const fine = (count: number, start = 0, per = 4): AttemptOutcome[] =>
  Array.from({ length: count }, (_, index) => answer(201, start + Math.floor(index / per) * 150));

const atLimit = (limit: number): LimitState => ({ ...initialLimit(), limit });

describe("adaptive limit", () => {
  it("starts at 4 and grows by one per window of fast answers, up to the ceiling", () => {
    expect(allowance(initialLimit())).toBe(4);
    const { allowances, changes } = run(fine(5));
    // +1/limit per answer: 4.25, 4.49, 4.71, 4.92, 5.12: a little over one window of answers per step.
    expect(allowances).toEqual([4, 4, 4, 4, 5]);
    expect(changes).toEqual([{ at: 300, from: 4, to: 5, reason: "grew" }]);
    expect(run(fine(2000)).allowances.at(-1)).toBe(32);
  });

  it.each([
    { status: 429, reason: "rate_limited" },
    { status: 503, reason: "overloaded" },
    { status: 504, reason: "overloaded" },
    { status: 408, reason: "overloaded" },
    { status: 0, reason: "no_answer" },
  ] as const)("halves on $status ($reason)", ({ status, reason }) => {
    const { allowances, changes } = run([answer(status, 1000)], DEFAULT_LIMIT_SETTINGS, atLimit(20));
    expect(allowances).toEqual([10]);
    expect(changes).toEqual([{ at: 1150, from: 20, to: 10, reason }]);
  });

  it.each([
    { status: 200, grows: true },
    { status: 409, grows: true }, // a refusal is the peer coping, not congestion
    { status: 422, grows: true },
    { status: 500, grows: false }, // a bug, not a pace: neither grows nor backs off
    { status: 502, grows: false },
  ])("an answer $status grows the limit: $grows, never backs off", ({ status, grows }) => {
    const { state, changes } = run([answer(status, 0)], DEFAULT_LIMIT_SETTINGS, atLimit(10));
    expect(state.limit).toBeCloseTo(grows ? 10.1 : 10);
    expect(changes).toEqual([]);
  });

  it("backs off once per window: a burst of 429s to attempts sent at the old limit counts once", () => {
    const burst = Array.from({ length: 8 }, (_, index) => answer(429, 1000 + index, { latencyMs: 150 }));
    // The ninth was sent after the first decrease (at 1150): still refused, so it backs off again.
    const { allowances, changes } = run([...burst, answer(429, 1160)], DEFAULT_LIMIT_SETTINGS, atLimit(20));
    expect(allowances).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect(changes.map((change) => [change.from, change.to])).toEqual([
      [20, 10],
      [10, 5],
    ]);
  });

  it("never drops below 1, and says so each time it meets the floor", () => {
    const refusals = Array.from({ length: 5 }, (_, index) => answer(429, index * 1000));
    const { allowances, changes } = run(refusals, DEFAULT_LIMIT_SETTINGS, atLimit(2));
    expect(allowances).toEqual([1, 1, 1, 1, 1]);
    expect(changes.at(-1)).toMatchObject({ from: 1, to: 1, reason: "rate_limited" });
  });

  it("grows only while the limit is what holds the writer back", () => {
    const idle = Array.from({ length: 50 }, (_, index) => answer(200, index * 150, { inFlight: 1 }));
    expect(run(idle, DEFAULT_LIMIT_SETTINGS, atLimit(4)).allowances.at(-1)).toBe(4);
    // Half the limit in use is enough (Netflix AIMD's rule): a lane finishing early does not stop growth.
    const half = Array.from({ length: 5 }, (_, index) => answer(200, index, { inFlight: 2 }));
    expect(run(half, DEFAULT_LIMIT_SETTINGS, atLimit(4)).allowances.at(-1)).toBe(5);
  });

  describe("latency", () => {
    const settled = (latencyMs: number, count: number, start: number): AttemptOutcome[] =>
      Array.from({ length: count }, (_, index) =>
        answer(200, start + index * 10, { latencyMs, inFlight: 1 }),
      );

    it.each([
      { label: "steady 150 ms", tail: 150, backsOff: false },
      { label: "jitter within the slack (150 → 240 ms)", tail: 240, backsOff: false },
      { label: "doubling and more (150 → 400 ms): a queue is forming", tail: 400, backsOff: true },
    ])("$label backs off: $backsOff", ({ tail, backsOff }) => {
      const { changes } = run(
        [...settled(150, 20, 0), ...settled(tail, 10, 1000)],
        DEFAULT_LIMIT_SETTINGS,
        atLimit(16),
      );
      expect(changes.some((change) => change.reason === "slower")).toBe(backsOff);
    });

    it("judges loopback's tiny latencies by the slack, not by the ratio", () => {
      // 1 ms baseline, 8 ms answers: eight times slower, yet nothing is queueing.
      const { changes } = run([...settled(1, 20, 0), ...settled(8, 20, 1000)], DEFAULT_LIMIT_SETTINGS);
      expect(changes.filter((change) => change.reason === "slower")).toEqual([]);
    });

    it("waits for enough answers before trusting a baseline", () => {
      const { changes } = run([...settled(150, 3, 0), ...settled(900, 3, 100)], DEFAULT_LIMIT_SETTINGS);
      expect(changes).toEqual([]);
    });

    it("takes the baseline from recent answers only, so a peer that got slower for good is the new normal", () => {
      const settings = { ...DEFAULT_LIMIT_SETTINGS, baselineSamples: 20 };
      const { state } = run([...settled(100, 20, 0), ...settled(400, 40, 10_000)], settings, atLimit(16));
      expect(Math.min(...state.latencies)).toBe(400);
      // Answers still at 400 ms then no longer count as slower.
      const after = run(settled(400, 10, 50_000), settings, state);
      expect(after.changes).toEqual([]);
    });

    it("ignores the latency of refusals: a gateway's instant 429 is no baseline", () => {
      const { state } = run([answer(429, 0, { latencyMs: 1 }), ...settled(150, 5, 1000)]);
      expect(state.latencies).toEqual([150, 150, 150, 150, 150]);
    });
  });

  describe("Retry-After", () => {
    it.each([
      { label: "1 s (a token bucket's usual answer) holds nothing back", retryAfterMs: 1000, until: 1150 },
      {
        label: "30 s holds new sends 29 s: the true wait is more than 29 s",
        retryAfterMs: 30_000,
        until: 30_150,
      },
    ])("$label", ({ retryAfterMs, until }) => {
      const { state } = run([answer(429, 1000, { retryAfterMs })]);
      expect(state.holdUntil).toBe(until);
    });

    it("holds nothing for a wait longer than a request would accept: each request gives up on it itself", () => {
      const { state } = run([answer(429, 1000, { retryAfterMs: 3_600_000 })]);
      expect(state.holdUntil).toBe(Number.NEGATIVE_INFINITY);
    });

    it("keeps the latest hold, from a 503 too, and ignores a Retry-After on other answers", () => {
      const { state } = run([
        answer(503, 0, { retryAfterMs: 10_000 }),
        answer(429, 100, { retryAfterMs: 2000 }),
        answer(500, 200, { retryAfterMs: 60_000 }),
      ]);
      expect(state.holdUntil).toBe(9150);
    });
  });

  it("keeps coming back to what a peer serves: 429s, then growth again, never stuck low", () => {
    // A peer serving 7 at once (R × latency) and refusing the rest, with no bucket to smooth it: the worst case.
    let state = atLimit(4);
    const served: number[] = [];
    for (let window = 0; window < 80; window += 1) {
      const sentAt = window * 150;
      const limit = allowance(state);
      for (let slot = 0; slot < limit; slot += 1) {
        state = onAnswer(state, answer(slot < 7 ? 201 : 429, sentAt, { inFlight: limit })).state;
      }
      served.push(Math.min(limit, 7));
    }
    const late = served.slice(20);
    expect(Math.max(...late)).toBe(7);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(4);
    // A token bucket banks what a low window leaves unused; even without one, most of the rate is used.
    expect(late.reduce((sum, n) => sum + n, 0) / late.length / 7).toBeGreaterThan(0.8);
  });
});
