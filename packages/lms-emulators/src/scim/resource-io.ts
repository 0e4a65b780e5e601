import type { JsonObject, JsonValue } from "@hibob-learners/emulator-kit";
import { isJsonObject, toJson } from "@hibob-learners/emulator-kit";
import { ScimHttpError, toScimHttpError } from "./errors.js";
import type { StoredResource } from "./store.js";

/** Helpers shared by the Users and Groups handlers: body shape, scimmy coercion, meta, lookups. */
export function requireObject(body: unknown): JsonObject {
  if (!isJsonObject(body))
    throw new ScimHttpError(400, "invalidSyntax", "request body must be one JSON object");
  return body;
}

/** Runs scimmy's schema coercion and keeps only what a client may write (no id, meta, schemas). */
export function coerceInbound(coerce: () => unknown): JsonObject {
  let coerced: JsonValue;
  try {
    coerced = toJson(coerce());
  } catch (error) {
    throw toScimHttpError(error);
  }
  if (!isJsonObject(coerced)) throw new ScimHttpError(400, "invalidSyntax", "resource must be an object");
  const data: JsonObject = { ...coerced };
  delete data.id;
  delete data.meta;
  delete data.schemas;
  return data;
}

/** Runs scimmy's outbound formatting, which also applies `attributes` / `excludedAttributes`. */
export function coerceOutbound(format: () => unknown): JsonObject {
  try {
    const value = toJson(format());
    return isJsonObject(value) ? value : {};
  } catch (error) {
    throw toScimHttpError(error);
  }
}

export function metaOf(record: StoredResource): JsonObject {
  return { created: record.created, lastModified: record.lastModified, version: `W/"${record.version}"` };
}

export function nonBlank(data: JsonObject, attribute: string): void {
  const value = data[attribute];
  if (typeof value !== "string" || value.trim() === "") {
    throw new ScimHttpError(400, "invalidValue", `${attribute} must be a non-empty string`);
  }
}

export function found<T>(record: T | undefined, kind: string, id: string): T {
  if (record === undefined) throw new ScimHttpError(404, undefined, `${kind} ${id} not found`);
  return record;
}
