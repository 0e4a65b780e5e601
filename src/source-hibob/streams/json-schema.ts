// Building blocks for the static record schemas: Airbyte wants `[T, "null"]` leaves and open objects.
import type { JsonSchema } from "../../protocol/index.js";

export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

export function nullable(type: string): JsonSchema {
  return { type: [type, "null"] };
}

/** A `YYYY-MM-DD` calendar date or null. */
export const nullableDate: JsonSchema = { type: ["string", "null"], format: "date" };

export function nullableObject(properties: Record<string, JsonSchema> = {}): JsonSchema {
  return { type: ["object", "null"], properties, additionalProperties: true };
}

/** A record schema; `required` are the primary-key fields, never null. */
export function recordSchema(
  properties: Record<string, JsonSchema>,
  required: readonly string[],
): JsonSchema {
  return {
    $schema: DRAFT_07,
    type: "object",
    properties,
    required: [...required],
    additionalProperties: true,
  };
}
