import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.js";

describe("Pacer", () => {
  it("lets a small burst go at once and keeps any 60-second window under the ceiling", () => {
    const pacer = new Pacer(3);
    expect([pacer.reserve(0), pacer.reserve(100), pacer.reserve(200)]).toEqual([0, 0, 0]);
    // The 4th request waits until the 1st leaves the window; the 5th until the 2nd does.
    expect(pacer.reserve(1_000)).toBe(59_000);
    expect(pacer.reserve(1_000)).toBe(59_100);
    expect(pacer.reserve(200_000)).toBe(0);
  });

  it("never sends more than the ceiling in any minute over a long run", () => {
    const pacer = new Pacer(45);
    const sent: number[] = [];
    let now = 0;
    for (let i = 0; i < 500; i += 1) {
      now += pacer.reserve(now);
      sent.push(now);
      now += 7; // each request takes a little time
    }
    for (let i = 45; i < sent.length; i += 1) {
      expect((sent[i] ?? 0) - (sent[i - 45] ?? 0)).toBeGreaterThanOrEqual(60_000);
    }
  });

  it("holds every request while Bob says the window is used up, until it resets", () => {
    const pacer = new Pacer(0);
    pacer.observe({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "20" }, 5_000);
    expect(pacer.reserve(5_000)).toBe(16_000);
    pacer.observe({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "80" }, 21_000);
    expect(pacer.reserve(21_000)).toBe(0);
  });
});
