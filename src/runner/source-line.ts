import type { AirbyteMessage } from "../protocol/index.js";
import { AirbyteMessage as AirbyteMessageSchema } from "../protocol/index.js";
import { isRecord } from "../shared/is-record.js";

/** A line of the source's stdout: a record (only its stream matters here), another message, or neither. */
export type SourceLine = { readonly record: string } | { readonly message: AirbyteMessage } | null;

/** How a record line starts when `type` and `record.stream` come first, as source-hibob's emitter writes them. */
const RECORD_START = '{"type":"RECORD","record":{"stream":"';

/**
 * Reads a line as JSON, whatever order its keys come in. A record is only counted, so it is not validated
 * field by field (the destination does that); every other message is. A record in the emitter's own layout is
 * recognised by its start, which spares parsing 100,000 employees a second time; any other layout is parsed.
 */
export function readSourceLine(line: string): SourceLine {
  if (line.startsWith(RECORD_START)) {
    const end = line.indexOf('"', RECORD_START.length);
    const stream = line.slice(RECORD_START.length, end);
    if (end > 0 && !stream.includes("\\")) return { record: stream };
  }
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  if (
    isRecord(json) &&
    json.type === "RECORD" &&
    isRecord(json.record) &&
    typeof json.record.stream === "string"
  )
    return { record: json.record.stream };
  const parsed = AirbyteMessageSchema.safeParse(json);
  return parsed.success ? { message: parsed.data } : null;
}
