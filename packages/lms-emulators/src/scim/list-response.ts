import type { JsonObject, JsonValue } from "@hibob-learners/emulator-kit";
import { LIST_RESPONSE_SCHEMA } from "./scimmy.js";
import type { StoredResource } from "./store.js";

export interface ResourcePage {
  readonly totalResults: number;
  readonly startIndex: number;
  readonly records: readonly StoredResource[];
}

export function pageOf<T>(items: readonly T[], startIndex: number, count: number): T[] {
  return items.slice(startIndex - 1, startIndex - 1 + count);
}

/**
 * Built here, not with scimmy's ListResponse: given a page that is already cut, scimmy re-slices it whenever
 * the page is at least `startIndex` long (so `startIndex=3&count=5` lost two resources), and it reports the
 * requested count as itemsPerPage where RFC 7644 §3.4.2 wants the number actually returned.
 */
export function listResponse(
  resources: readonly JsonValue[],
  totalResults: number,
  startIndex: number,
): JsonObject {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    itemsPerPage: resources.length,
    startIndex,
    Resources: [...resources],
  };
}
