import { z } from "zod";
import { isRecord } from "../shared/is-record.js";

export type JsonSchema = Record<string, unknown>;

const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * Rewrites one zod-generated node into the dialect the platform's spec checks accept: `[T, "null"]` type arrays
 * instead of `anyOf` with null, `additionalProperties: true` on every object, `type: object` on a `oneOf` parent,
 * and no `$schema`/`$ref` noise inside.
 */
function airbyteNode(node: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema" || key === "additionalProperties") continue;
    if (
      (key === "minimum" || key === "maximum") &&
      typeof value === "number" &&
      SAFE_INTEGER_BOUNDS.has(value)
    ) {
      continue;
    }
    if (key === "properties" && isRecord(value)) {
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, isRecord(child) ? airbyteNode(child) : child]),
      );
    } else if ((key === "oneOf" || key === "items") && Array.isArray(value)) {
      result[key] = value.map((child: unknown) => (isRecord(child) ? airbyteNode(child) : child));
    } else if (key === "items" && isRecord(value)) {
      result.items = airbyteNode(value);
    } else {
      result[key] = value;
    }
  }
  const nullable = nullableMember(node);
  if (nullable !== undefined) {
    delete result.anyOf;
    const inner = airbyteNode(nullable);
    const innerType = inner.type;
    return { ...inner, ...result, type: typeof innerType === "string" ? [innerType, "null"] : innerType };
  }
  if (Array.isArray(result.oneOf)) result.type = "object";
  if (result.type === "object") result.additionalProperties = true;
  return result;
}

/** `anyOf: [X, {type: "null"}]` → X, the shape zod gives `.nullable()`. */
function nullableMember(node: JsonSchema): JsonSchema | undefined {
  const anyOf: unknown = node.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return undefined;
  const nonNull = (anyOf as unknown[]).filter((member) => !(isRecord(member) && member.type === "null"));
  const [only] = nonNull;
  return nonNull.length === 1 && isRecord(only) ? only : undefined;
}

/**
 * The `connectionSpecification` for a zod config schema. Titles, descriptions, `order`, `group` and
 * `airbyte_secret` come from `.meta()` on the zod schema, so the config is declared once.
 */
export function connectionSpecification(
  config: z.ZodType,
  title: string,
  groups: readonly SpecGroup[] = [],
): JsonSchema {
  const generated = z.toJSONSchema(config, { target: "draft-7", io: "input", unrepresentable: "throw" });
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title,
    ...airbyteNode(generated),
    ...(groups.length === 0 ? {} : { groups: groups.map((group) => ({ ...group })) }),
  };
}

/** A section of the platform's config form; top-level properties name theirs with `group`. */
export interface SpecGroup {
  readonly id: string;
  readonly title: string;
}
