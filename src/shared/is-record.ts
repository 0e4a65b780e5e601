// Shared by both connectors and the runner; see calendar-date.ts for why src/shared imports nothing else in src.

/** True for a JSON object: not null, not an array, so its keys can be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
