import { ConfigError } from "./errors.js";
import { StateMessage, type StreamDescriptor } from "./messages.js";
import { isRecord } from "../shared/is-record.js";

export type StreamStateBlob = Record<string, unknown>;

/** What a `--state` file says, per stream. A null blob means the platform reset that stream. */
export interface InputState {
  readonly streams: ReadonlyMap<string, StreamStateBlob | null>;
  /** A LEGACY state the source cannot map to streams; sources start those streams afresh. */
  readonly legacy: StreamStateBlob | undefined;
}

export const emptyState: InputState = { streams: new Map(), legacy: undefined };

export function descriptorKey(descriptor: StreamDescriptor): string {
  return descriptor.namespace === undefined ? descriptor.name : `${descriptor.namespace}.${descriptor.name}`;
}

const FIX = "Pass the states the destination echoed, or no --state to start afresh.";

/** Each element checked on its own, so an error names the element and the field inside it. */
function stateMessages(json: unknown): StateMessage[] {
  const items: unknown[] = Array.isArray(json) ? json : [json];
  return items.map((item, index) => {
    const at = (path: readonly PropertyKey[]): string =>
      [...(Array.isArray(json) ? [index] : []), ...path].map(String).join(".");
    const parsed = StateMessage.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = at(issue?.path ?? []);
      throw new ConfigError(
        `The state file is not an array of Airbyte state messages${where === "" ? "" : ` at ${where}`}: ` +
          `${issue?.message ?? "invalid"}. ${FIX}`,
      );
    }
    const { type, stream, global } = parsed.data;
    const missing =
      type === "STREAM" && stream === undefined
        ? "stream"
        : type === "GLOBAL" && global === undefined
          ? "global"
          : null;
    if (missing !== null) {
      throw new ConfigError(
        `The state file has a ${String(type)} state that names no stream: '${at([missing])}' is missing. ${FIX}`,
      );
    }
    return parsed.data;
  });
}

/**
 * Reads the platform's state input: normally an array of STREAM (or GLOBAL) state messages; a bare object that is
 * not a state message is the pre-per-stream LEGACY blob.
 */
export function parseInputState(json: unknown): InputState {
  if (isRecord(json) && !("type" in json)) {
    return { streams: new Map(), legacy: json };
  }
  const messages = stateMessages(json);
  const streams = new Map<string, StreamStateBlob | null>();
  let legacy: StreamStateBlob | undefined;
  for (const message of messages) {
    if (message.type === "STREAM" && message.stream !== undefined) {
      streams.set(descriptorKey(message.stream.stream_descriptor), message.stream.stream_state ?? null);
    } else if (message.type === "GLOBAL" && message.global !== undefined) {
      for (const stream of message.global.stream_states) {
        streams.set(descriptorKey(stream.stream_descriptor), stream.stream_state ?? null);
      }
    } else if (message.data !== undefined) {
      legacy = message.data;
    }
  }
  return { streams, legacy };
}
