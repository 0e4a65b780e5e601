import type { AirbyteMessage, StateMessage, StreamState, TraceMessage } from "./messages.js";
import type { Redactor } from "./secrets.js";

/** `masked` with the listed keys put back as `original` had them (absent stays absent). */
function keep<T extends object>(masked: T, original: T, keys: readonly (keyof T)[]): T {
  const result = { ...masked };
  for (const key of keys) {
    if (key in original) result[key] = original[key];
  }
  return result;
}

/**
 * A message with secrets masked in what it says (texts, record data, state blobs, unknown keys' values) and never
 * in what it is: the message type, stream descriptors, statuses, levels and failure types are kept as they were,
 * keys and numbers are never touched. So however short a secret, a masked line is the same message to its reader.
 * SPEC, CATALOG and DESTINATION_CATALOG are documents built from code and Bob's field metadata, never from a
 * config's secrets, and their strings are schema keywords a mask would break: they are left whole.
 */
export function maskMessage(message: AirbyteMessage, redactor: Redactor): AirbyteMessage {
  const values = <T>(value: T): T => redactor.redactValues(value);
  switch (message.type) {
    case "RECORD":
      return { ...message, record: keep(values(message.record), message.record, ["stream", "namespace"]) };
    case "STATE":
      return { ...message, state: maskState(message.state, values) };
    case "LOG":
      return { ...message, log: keep(values(message.log), message.log, ["level"]) };
    case "TRACE":
      return { ...message, trace: maskTrace(message.trace, values) };
    case "CONNECTION_STATUS":
      return {
        ...message,
        connectionStatus: keep(values(message.connectionStatus), message.connectionStatus, ["status"]),
      };
    case "CONTROL":
      return { ...message, control: keep(values(message.control), message.control, ["type"]) };
    case "SPEC":
    case "CATALOG":
    case "DESTINATION_CATALOG":
      return message;
  }
}

type Mask = <T>(value: T) => T;

function maskState(state: StateMessage, values: Mask): StateMessage {
  const masked = keep(values(state), state, ["type"]);
  const stream = (entry: StreamState): StreamState => keep(values(entry), entry, ["stream_descriptor"]);
  return {
    ...masked,
    ...(state.stream === undefined ? {} : { stream: stream(state.stream) }),
    ...(state.global === undefined
      ? {}
      : {
          global: { ...values(state.global), stream_states: state.global.stream_states.map(stream) },
        }),
  };
}

function maskTrace(trace: TraceMessage, values: Mask): TraceMessage {
  const masked = keep(values(trace), trace, ["type", "estimate", "stream_status"]);
  return {
    ...masked,
    ...(trace.error === undefined
      ? {}
      : { error: keep(values(trace.error), trace.error, ["failure_type", "stream_descriptor"]) }),
    ...(trace.analytics === undefined
      ? {}
      : { analytics: keep(values(trace.analytics), trace.analytics, ["type"]) }),
  };
}
