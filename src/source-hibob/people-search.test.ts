import { describe, expect, it } from "vitest";
import { adaptiveBatchSize, chunks, compareIds, MAX_BATCH_SIZE } from "./people-search.js";

describe("adaptiveBatchSize", () => {
  it("keeps batch_size while the pass fits in the pacer's minute", () => {
    expect(adaptiveBatchSize(8_800, 200, 45)).toBe(200);
    expect(adaptiveBatchSize(12, 200, 45)).toBe(200);
    expect(adaptiveBatchSize(0, 200, 45)).toBe(200);
  });

  it("grows so the id list and every batch fit in one minute of searches", () => {
    const size = adaptiveBatchSize(10_000, 200, 45);
    expect(size).toBe(228);
    expect(1 + Math.ceil(10_000 / size)).toBeLessThanOrEqual(45);
    expect(1 + Math.ceil(10_000 / 200)).toBeGreaterThan(45);
  });

  it("stops at Bob's 1,000 a search, and never goes below batch_size", () => {
    expect(adaptiveBatchSize(100_000, 200, 45)).toBe(MAX_BATCH_SIZE);
    expect(adaptiveBatchSize(100_000, 1_000, 45)).toBe(1_000);
    expect(adaptiveBatchSize(5_000, 500, 45)).toBe(500);
    expect(adaptiveBatchSize(5_000, 10, 1)).toBe(MAX_BATCH_SIZE);
  });

  it("keeps batch_size when pacing is off", () => {
    expect(adaptiveBatchSize(100_000, 200, 0)).toBe(200);
  });
});

describe("chunks and ids", () => {
  it("cuts a list into batches of the size, the last one shorter", () => {
    expect([...chunks([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("sorts Bob's ids as numbers", () => {
    expect(["30", "4", "100"].sort(compareIds)).toEqual(["4", "30", "100"]);
  });
});
