/**
 * Where a Bob field id lives in the nested form of an employee: root fields sit at the top level
 * (`root.email` → `email`), every other category keeps its path (`work.department`).
 */
export function nestedPath(fieldId: string): readonly string[] {
  const parts = fieldId.split(".");
  return parts[0] === "root" ? parts.slice(1) : parts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Present means Bob returned the key, even with null: an absent key is how Bob hides a field. */
export function hasField(record: unknown, path: readonly string[]): boolean {
  let node: unknown = record;
  for (const key of path) {
    if (!isObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

export function readField(record: unknown, path: readonly string[]): unknown {
  let node: unknown = record;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}
