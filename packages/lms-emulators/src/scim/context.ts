import type { Clock } from "@hibob-learners/emulator-kit";
import type { ScimCapabilities } from "./capabilities.js";
import type { RenderCache } from "./render-cache.js";
import type { ScimStore } from "./store.js";

/**
 * strict: the emulator's own fixes over scimmy (case-insensitive filters, invalid filters refused, extension
 * filters that match, manager.value and member ids checked, 200 on an unchanged PATCH).
 * scimmy: scimmy's behaviour left as it is, a stand-in for "a third-party SCIM server with quirks".
 */
export type ScimMode = "strict" | "scimmy";

export interface ScimSettings {
  readonly mode: ScimMode;
  /** Accept Entra ID's string booleans ("True"/"False"). */
  readonly entraCompat: boolean;
  readonly token: string;
  /** Page size when a list request sends no `count`. */
  readonly defaultPageSize: number;
  /** Larger `count` values are cut to this (advertised as filter.maxResults). */
  readonly maxPageSize: number;
  /** What this server supports (all of it unless partial-server options say otherwise). */
  readonly capabilities: ScimCapabilities;
}

export interface ScimContext {
  readonly store: ScimStore;
  readonly renderCache: RenderCache;
  readonly settings: ScimSettings;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Absolute SCIM base URL (e.g. http://127.0.0.1:40123/scim/v2); known once the server listens. */
  readonly baseUrl: () => string;
}

export function isStrict(context: ScimContext): boolean {
  return context.settings.mode === "strict";
}

export function timestamp(context: ScimContext): string {
  return new Date(context.clock()).toISOString();
}
