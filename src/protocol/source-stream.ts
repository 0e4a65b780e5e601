import type { JsonSchema } from "./spec.js";
import type { AirbyteStream, SyncMode } from "./messages.js";
import type { StreamStateBlob } from "./state.js";
import type { StreamReporter } from "./stream-reporter.js";

export interface StreamReadRequest {
  readonly syncMode: SyncMode;
  /** The state this stream last checkpointed; undefined on a first sync or after a reset. */
  readonly state: StreamStateBlob | undefined;
  /** Where records, checkpoints and rate-limit waits go. */
  readonly out: StreamReporter;
}

/**
 * A stream is a value: its name, keys and cursor, a schema, and a read. `Run` is whatever one sync shares
 * between streams (a client, the config, field metadata).
 */
export interface SourceStream<Run> {
  readonly name: string;
  readonly primaryKey: readonly (readonly string[])[];
  /** Set when the source defines the cursor (the user cannot pick another). */
  readonly cursorField?: readonly string[];
  readonly syncModes: readonly SyncMode[];
  jsonSchema(run: Run): Promise<JsonSchema>;
  read(run: Run, request: StreamReadRequest): Promise<void>;
}

/** The catalog entry `discover` emits for a stream. */
export async function describeStream<Run>(stream: SourceStream<Run>, run: Run): Promise<AirbyteStream> {
  const incremental = stream.syncModes.includes("incremental");
  return {
    name: stream.name,
    json_schema: await stream.jsonSchema(run),
    supported_sync_modes: [...stream.syncModes],
    source_defined_primary_key: stream.primaryKey.map((path) => [...path]),
    ...(stream.cursorField === undefined
      ? {}
      : { source_defined_cursor: true, default_cursor_field: [...stream.cursorField] }),
    ...(incremental ? { is_resumable: true } : {}),
  };
}
