import type { EmulatorRequest } from "@hibob-learners/emulator-kit";
import type { JsonObject } from "@hibob-learners/emulator-kit";
import { isJsonObject, parseJson } from "@hibob-learners/emulator-kit";
import { EasyLlamaHttpError } from "./errors.js";

/**
 * Request parameters. The easyllama-client gem sends `page` and the learner_trainings filters as a JSON body
 * on GET (CODE), so GET parameters are read from the query string and from a JSON body, the query winning.
 */
export function params(request: EmulatorRequest): JsonObject {
  const fromBody = body(request);
  const merged: JsonObject = isJsonObject(fromBody) ? { ...fromBody } : {};
  for (const [key, value] of request.query) merged[key] = value;
  return merged;
}

/** The JSON body; Rails-style `{ "learner": {…} }` wrapping is unwrapped when `wrapper` is given. */
export function body(request: EmulatorRequest, wrapper?: string): unknown {
  const parsed = parseJson(request.body);
  if (!parsed.ok) throw new EasyLlamaHttpError(400, `request body is not valid JSON: ${parsed.error}`);
  const value = parsed.value ?? {};
  if (wrapper !== undefined && isJsonObject(value) && isJsonObject(value[wrapper])) return value[wrapper];
  return value;
}

export function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < 1) {
    throw new EasyLlamaHttpError(400, `${name} must be a positive integer`);
  }
  return number;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** 1-based pages of a fixed size; a page past the end is empty, which is how a client knows it is done. */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number): T[] {
  return items.slice((page - 1) * pageSize, page * pageSize);
}
