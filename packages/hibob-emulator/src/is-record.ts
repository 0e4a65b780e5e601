/** An object, not null, not an array: its keys can be read. The emulator needs nothing else from a JSON kit. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
