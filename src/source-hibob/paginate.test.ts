import { describe, expect, it } from "vitest";
import { SystemError } from "../protocol/index.js";
import { type Page, paginate } from "./paginate.js";

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe("paginate", () => {
  it("follows cursors until the last page, asking with each cursor once", async () => {
    const pages: Record<string, Page<number>> = {
      start: { items: [1, 2], next: "c1" },
      c1: { items: [3], next: "c2" },
      c2: { items: [], next: null },
    };
    const asked: (string | undefined)[] = [];
    const items = await collect(
      paginate((cursor) => {
        asked.push(cursor);
        return Promise.resolve(pages[cursor ?? "start"] ?? { items: [], next: null });
      }, "work history"),
    );
    expect(items).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, "c1", "c2"]);
  });

  it("stops with an error on a repeated cursor instead of looping", async () => {
    let calls = 0;
    const looping = paginate(() => {
      calls += 1;
      return Promise.resolve({ items: [calls], next: calls === 1 ? "a" : calls === 2 ? "b" : "a" });
    }, "work history");
    await expect(collect(looping)).rejects.toThrow(SystemError);
    expect(calls).toBe(3);
  });
});
