import type { SchemaDefinition } from "./scimmy.js";
import { Types } from "./scimmy.js";

/**
 * Attribute lookups by path, answered from scimmy's own schema definitions, so caseExact and type come from
 * the same place scimmy validates against. Results are memoised: definitions are process-wide and immutable
 * once the enterprise extension is in.
 */
const cache = new Map<string, Types.Attribute | undefined>();

export function extensionIds(definition: SchemaDefinition): string[] {
  return definition.attributes.flatMap((attribute: unknown) =>
    attribute instanceof Types.SchemaDefinition ? [attribute.id] : [],
  );
}

/** "urn:…:enterprise:2.0:User:manager.value" → [urn, "manager", "value"]; value filters "[…]" are dropped. */
export function pathSegments(definition: SchemaDefinition, path: string): string[] {
  const plain = path.replace(/\[[^\]]*\]/g, "");
  const extension = extensionIds(definition).find((id) =>
    plain.toLowerCase().startsWith(`${id.toLowerCase()}:`),
  );
  if (extension === undefined) return plain.split(".").filter((segment) => segment !== "");
  return [extension, ...plain.slice(extension.length + 1).split(".")].filter((segment) => segment !== "");
}

export function attributeAt(
  definition: SchemaDefinition,
  segments: readonly string[],
): Types.Attribute | undefined {
  const key = `${definition.id}|${segments.join("\u0000")}`;
  if (cache.has(key)) return cache.get(key);
  const found = lookup(definition, segments);
  cache.set(key, found);
  return found;
}

/** RFC 7643 string attributes compare case-insensitively unless declared caseExact. */
export function isCaseInsensitive(definition: SchemaDefinition, segments: readonly string[]): boolean {
  const attribute = attributeAt(definition, segments);
  return (
    attribute !== undefined &&
    (attribute.type === "string" || attribute.type === "reference") &&
    attribute.config.caseExact !== true
  );
}

export function isBoolean(definition: SchemaDefinition, segments: readonly string[]): boolean {
  return attributeAt(definition, segments)?.type === "boolean";
}

function lookup(definition: SchemaDefinition, segments: readonly string[]): Types.Attribute | undefined {
  const [first, ...rest] = segments;
  if (first === undefined) return undefined;
  const extension = extensionIds(definition).find((id) => id.toLowerCase() === first.toLowerCase());
  const path = extension === undefined ? segments.join(".") : `${extension}:${rest.join(".")}`;
  if (extension !== undefined && rest.length === 0) return undefined;
  try {
    const attribute: unknown = definition.attribute(path);
    return attribute instanceof Types.Attribute ? attribute : undefined;
  } catch {
    return undefined;
  }
}
