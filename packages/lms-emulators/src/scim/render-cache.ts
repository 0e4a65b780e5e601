import type { JsonObject } from "@hibob-learners/emulator-kit";
import { coerceOutbound } from "./resource-io.js";
import type { StoredResource } from "./store.js";

/**
 * scimmy's outbound coercion costs about half a millisecond per user, which made listing 10,000 users take
 * seconds. Records are immutable (every write stores a new object), so a rendering is cached per record and
 * reused while the exact input scimmy would see (including groups and manager details) is unchanged.
 */
export interface RenderCache {
  render(record: StoredResource, input: JsonObject, location: string, format: () => unknown): JsonObject;
}

export function createRenderCache(): RenderCache {
  const cache = new WeakMap<StoredResource, { readonly key: string; readonly json: JsonObject }>();
  return {
    render(record, input, location, format) {
      const key = `${location}\n${JSON.stringify(input)}`;
      const hit = cache.get(record);
      if (hit?.key === key) return structuredClone(hit.json);
      const json = coerceOutbound(format);
      cache.set(record, { key, json });
      // Callers may mutate what they get; the cached copy stays as scimmy rendered it.
      return structuredClone(json);
    },
  };
}
