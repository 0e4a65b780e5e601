import type { ErrorTrace, FailureType, StreamDescriptor } from "./messages.js";

/**
 * The one base for errors a connector raises on purpose. `message` is written for the person running the sync;
 * the `cause` keeps what an engineer needs and travels as `internal_message` and `stack_trace`.
 */
export abstract class ConnectorError extends Error {
  abstract readonly failureType: FailureType;
  readonly stream: StreamDescriptor | undefined;

  constructor(message: string, options: { cause?: unknown; stream?: StreamDescriptor } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.stream = options.stream;
  }
}

/** The user must change something: config, credentials, permissions, catalog. Retrying will not help. */
export class ConfigError extends ConnectorError {
  readonly failureType = "config_error";
}

/** Rate limits, timeouts, 5xx: the same run later may succeed. */
export class TransientError extends ConnectorError {
  readonly failureType = "transient_error";
}

/** A bug or an answer nobody expected. */
export class SystemError extends ConnectorError {
  readonly failureType = "system_error";
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Folds any thrown value into the payload of a TRACE ERROR; unknown throwables are system errors. */
export function errorTrace(error: unknown, stream?: StreamDescriptor): ErrorTrace {
  if (error instanceof ConnectorError) {
    const descriptor = stream ?? error.stream;
    return {
      message: error.message,
      internal_message: describe(error.cause ?? error),
      ...(error.stack === undefined ? {} : { stack_trace: error.stack }),
      failure_type: error.failureType,
      ...(descriptor === undefined ? {} : { stream_descriptor: descriptor }),
    };
  }
  const where = stream === undefined ? "" : ` in stream '${stream.name}'`;
  return {
    message: `Unexpected error${where}: ${error instanceof Error ? error.message : describe(error)}`,
    internal_message: describe(error),
    ...(error instanceof Error && error.stack !== undefined ? { stack_trace: error.stack } : {}),
    failure_type: "system_error",
    ...(stream === undefined ? {} : { stream_descriptor: stream }),
  };
}
