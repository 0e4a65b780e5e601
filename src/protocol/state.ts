import { z } from "zod";
import { ConfigError } from "./errors.js";
import { StateMessage, type StreamDescriptor } from "./messages.js";

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

const StateFile = z.union([z.array(StateMessage), StateMessage]);

/**
 * Reads the platform's state input: normally an array of STREAM (or GLOBAL) state messages; a bare object that is
 * not a state message is the pre-per-stream LEGACY blob.
 */
export function parseInputState(json: unknown): InputState {
  if (typeof json === "object" && json !== null && !Array.isArray(json) && !("type" in json)) {
    return { streams: new Map(), legacy: json as StreamStateBlob };
  }
  const parsed = StateFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
    throw new ConfigError(
      `The state file is not an array of Airbyte state messages${where}: ${issue?.message ?? "invalid"}. ` +
        "Pass the states the destination echoed, or no --state to start afresh.",
    );
  }
  const messages = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
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
