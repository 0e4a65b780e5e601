import { isRecord } from "../shared/is-record.js";
import type { FieldProblem, JsonObject, SchemaNode } from "./api-types.js";
import { KEPT_SECRET } from "./api-types.js";

// Secrets never go back to the browser: each value under `airbyte_secret` is replaced by a marker, and a marker
// sent back is swapped for the stored value. A stored secret is kept only for the peer it was saved for: when the
// object that holds it names another URL or another variant (`type`), the marker is refused and the secret must be
// typed again, so a changed form cannot send a saved token somewhere new.

const variantsOf = (node: SchemaNode): SchemaNode[] =>
  ["oneOf", "anyOf", "allOf"].flatMap((keyword) => {
    const list = node[keyword];
    return Array.isArray(list) ? list.filter(isRecord) : [];
  });

/** The object's properties, its variants' included (a config may not yet say which variant it is). */
function propertiesOf(node: SchemaNode): [string, SchemaNode][] {
  const own = isRecord(node.properties) ? Object.entries(node.properties) : [];
  const fromVariants = variantsOf(node).flatMap((variant) =>
    isRecord(variant.properties) ? Object.entries(variant.properties) : [],
  );
  return [...own, ...fromVariants].filter((entry): entry is [string, SchemaNode] => isRecord(entry[1]));
}

/** A copy of `config` with every secret value replaced by KEPT_SECRET. */
export function maskSecrets(schema: SchemaNode, config: JsonObject): JsonObject {
  return mask(schema, config) as JsonObject;
}

function mask(node: SchemaNode, value: unknown): unknown {
  if (node.airbyte_secret === true) return value === undefined || value === null ? value : KEPT_SECRET;
  if (Array.isArray(value)) {
    const items = isRecord(node.items) ? node.items : {};
    return value.map((item: unknown) => mask(items, item));
  }
  if (!isRecord(value)) return value;
  const properties = new Map(propertiesOf(node));
  const copy: JsonObject = { ...value };
  for (const [key, item] of Object.entries(copy)) {
    const child = properties.get(key);
    // A key the spec does not describe (a hand-edited file, a misspelt token field) may hold a secret too.
    if (child !== undefined) copy[key] = mask(child, item);
    else if (properties.size > 0 && item !== null) copy[key] = KEPT_SECRET;
  }
  return copy;
}

/**
 * `submitted` with each KEPT_SECRET replaced by the stored secret at the same place, and the problems of markers
 * that cannot be honoured (nothing stored there, or the peer changed). A marker with a problem is dropped.
 */
export function restoreSecrets(
  schema: SchemaNode,
  submitted: JsonObject,
  stored: JsonObject | undefined,
): { readonly config: JsonObject; readonly problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const config = restore(schema, submitted, stored, [], true, problems) as JsonObject;
  return { config, problems };
}

function restore(
  node: SchemaNode,
  value: unknown,
  stored: unknown,
  path: string[],
  samePeer: boolean,
  problems: FieldProblem[],
): unknown {
  if (node.airbyte_secret === true) {
    if (value !== KEPT_SECRET) return value;
    if (typeof stored === "string" && samePeer) return stored;
    problems.push({
      path,
      message: samePeer
        ? "has no saved value: type it"
        : "must be typed again: the saved one was for another URL or kind of target",
    });
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = isRecord(node.items) ? node.items : {};
    const before = Array.isArray(stored) ? stored : [];
    return value.map((item: unknown, index) =>
      restore(items, item, before[index], [...path, String(index)], samePeer, problems),
    );
  }
  if (!isRecord(value)) return value;
  const before = isRecord(stored) ? stored : undefined;
  const peer = samePeer && before !== undefined && samePeerAs(node, value, before);
  const copy = new Map(Object.entries(value));
  for (const [key, child] of propertiesOf(node)) {
    if (!copy.has(key)) continue;
    const restored = restore(child, copy.get(key), before?.[key], [...path, key], peer, problems);
    if (restored === undefined) copy.delete(key);
    else copy.set(key, restored);
  }
  return Object.fromEntries(copy);
}

/**
 * Whether two versions of an object speak to the same peer: every URL property (`format: uri`) and every variant
 * tag (`const`) is the same, a missing one read as its default.
 */
function samePeerAs(node: SchemaNode, value: JsonObject, stored: JsonObject): boolean {
  return propertiesOf(node)
    .filter(([, child]) => child.format === "uri" || "const" in child)
    .every(([key, child]) => (value[key] ?? child.default) === (stored[key] ?? child.default));
}
