import type { AirbyteMessage } from "../protocol/index.js";
import { AirbyteMessage as AirbyteMessageSchema } from "../protocol/index.js";

/** A line of the source's stdout: a record (only its stream matters here), another message, or neither. */
export type SourceLine = { readonly record: string } | { readonly message: AirbyteMessage } | null;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a line as JSON, whatever order its keys come in. A record is only counted, so it is not validated
 * field by field (the destination does that); every other message is.
 */
export function readSourceLine(line: string): SourceLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  if (
    isObject(json) &&
    json.type === "RECORD" &&
    isObject(json.record) &&
    typeof json.record.stream === "string"
  )
    return { record: json.record.stream };
  const parsed = AirbyteMessageSchema.safeParse(json);
  return parsed.success ? { message: parsed.data } : null;
}
