import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.js";

describe("Pacer", () => {
  it("spaces requests to stay under the per-minute ceiling", () => {
    const pacer = new Pacer(60);
    expect([pacer.reserve(0), pacer.reserve(0), pacer.reserve(0)]).toEqual([0, 1_000, 2_000]);
    expect(pacer.reserve(10_000)).toBe(0);
  });

  it("holds every request while Bob says the window is used up, until it resets", () => {
    const pacer = new Pacer(0);
    pacer.observe({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "20" }, 5_000);
    expect(pacer.reserve(5_000)).toBe(16_000);
    pacer.observe({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "80" }, 21_000);
    expect(pacer.reserve(21_000)).toBe(0);
  });
});
