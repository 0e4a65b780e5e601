export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = Record<string, JsonValue>;

/**
 * An object, not null, not an array. The emulators keep their own copy of the product's src/shared/is-record.ts:
 * a package of their own must not import product code.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object parsed from JSON, so every value in it is JSON too. */
export function isJsonObject(value: unknown): value is JsonObject {
  return isRecord(value);
}

export type ParsedJson =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** JSON.parse without throwing; an empty body parses to undefined so callers can tell "missing" apart. */
export function parseJson(text: string): ParsedJson {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A deep copy through JSON: drops getters, class prototypes and undefined members (what the wire would see). */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
