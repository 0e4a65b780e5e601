// How both connectors find a field in a Bob employee record; see calendar-date.ts for why it lives in src/shared.

import { isRecord } from "./is-record.js";

// Field ids are few (the selection's, the mapping's) and read for every record: each is split once.
const PATH_CACHE_MAX = 1000;
const pathCache = new Map<string, readonly string[]>();

/**
 * Where a Bob field id lives in the nested form of an employee: root fields sit at the top level
 * (`root.email` → `email`), every other category keeps its path (`work.department`).
 */
export function nestedPath(fieldId: string): readonly string[] {
  let path = pathCache.get(fieldId);
  if (path === undefined) {
    const parts = fieldId.split(".");
    path = parts[0] === "root" ? parts.slice(1) : parts;
    // Bounded so callers with ever-new ids cannot grow it without limit.
    if (pathCache.size < PATH_CACHE_MAX) pathCache.set(fieldId, path);
  }
  return path;
}

/** The value at `path` when every key on the way is there (a key Bob sent as null counts), else undefined. */
function walk(record: unknown, path: readonly string[]): { readonly value: unknown } | undefined {
  let node: unknown = record;
  for (const key of path) {
    if (!isRecord(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return { value: node };
}

/** Present means Bob returned the key, even with null: an absent key is how Bob hides a field. */
export function hasField(record: unknown, path: readonly string[]): boolean {
  return walk(record, path) !== undefined;
}

/** The value at `path`, or undefined where the record has no such key. */
export function readField(record: unknown, path: readonly string[]): unknown {
  return walk(record, path)?.value;
}

/** The value at a Bob field id (`root.email`, `work.department`) in the nested form of an employee. */
export function readBobField(record: unknown, fieldId: string): unknown {
  return readField(record, nestedPath(fieldId));
}
