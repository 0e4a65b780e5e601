import { SystemError } from "../protocol/index.js";

export interface Page<Item> {
  readonly items: readonly Item[];
  /** The cursor for the next page; null or undefined on the last one. */
  readonly next: string | null | undefined;
}

/**
 * Walks cursor pages until the last one. A cursor Bob already gave is an error, not a loop: re-reading the same
 * pages forever would emit duplicates until the platform kills the sync.
 */
export async function* paginate<Item>(
  fetchPage: (cursor: string | undefined) => Promise<Page<Item>>,
  what: string,
): AsyncGenerator<Item> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.items;
    if (page.next === null || page.next === undefined || page.next === "") return;
    if (seen.has(page.next)) {
      throw new SystemError(
        `Bob returned the same page cursor twice while reading ${what}; stopped to avoid a loop.`,
      );
    }
    seen.add(page.next);
    cursor = page.next;
  }
}
