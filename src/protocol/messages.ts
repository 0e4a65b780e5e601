import { z } from "zod";
import { isRecord } from "../shared/is-record.js";

// Airbyte protocol v0.18 as zod schemas. Every struct is loose: the protocol says readers must keep unknown keys
// (a destination echoes states untouched apart from destinationStats).

// A JSON object, taken as it is: z.record would copy every key of every record a sync carries.
const jsonObject = z.custom<Record<string, unknown>>(isRecord, "expected an object");

export const StreamDescriptor = z.looseObject({ name: z.string(), namespace: z.string().optional() });
export type StreamDescriptor = z.infer<typeof StreamDescriptor>;

export const SyncMode = z.enum(["full_refresh", "incremental"]);
export type SyncMode = z.infer<typeof SyncMode>;

export const DestinationSyncMode = z.enum(["append", "overwrite", "append_dedup", "update", "soft_delete"]);
export type DestinationSyncMode = z.infer<typeof DestinationSyncMode>;

export const RecordMessage = z.looseObject({
  namespace: z.string().optional(),
  stream: z.string(),
  data: jsonObject,
  emitted_at: z.int(),
  meta: z
    .looseObject({
      changes: z
        .array(
          z.looseObject({
            field: z.string(),
            change: z.enum(["NULLED", "TRUNCATED"]),
            reason: z.string(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type RecordMessage = z.infer<typeof RecordMessage>;

export const StateStats = z.looseObject({
  recordCount: z.number().optional(),
  rejectedRecordCount: z.number().optional(),
});
export type StateStats = z.infer<typeof StateStats>;

export const StreamState = z.looseObject({
  stream_descriptor: StreamDescriptor,
  stream_state: jsonObject.nullable().optional(),
});
export type StreamState = z.infer<typeof StreamState>;

/** LEGACY is accepted on input only; the project never emits it. */
export const StateMessage = z.looseObject({
  type: z.enum(["STREAM", "GLOBAL", "LEGACY"]).optional(),
  stream: StreamState.optional(),
  global: z
    .looseObject({ shared_state: jsonObject.nullable().optional(), stream_states: z.array(StreamState) })
    .optional(),
  data: jsonObject.optional(),
  sourceStats: StateStats.optional(),
  destinationStats: StateStats.optional(),
});
export type StateMessage = z.infer<typeof StateMessage>;

export const LogLevel = z.enum(["FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"]);
export type LogLevel = z.infer<typeof LogLevel>;

export const LogMessage = z.looseObject({
  level: LogLevel,
  message: z.string(),
  stack_trace: z.string().optional(),
});
export type LogMessage = z.infer<typeof LogMessage>;

export const FailureType = z.enum(["system_error", "config_error", "transient_error"]);
export type FailureType = z.infer<typeof FailureType>;

export const ErrorTrace = z.looseObject({
  message: z.string(),
  internal_message: z.string().optional(),
  stack_trace: z.string().optional(),
  failure_type: FailureType.optional(),
  stream_descriptor: StreamDescriptor.optional(),
});
export type ErrorTrace = z.infer<typeof ErrorTrace>;

export const EstimateTrace = z.looseObject({
  name: z.string(),
  type: z.enum(["STREAM", "SYNC"]),
  namespace: z.string().optional(),
  row_estimate: z.int().optional(),
  byte_estimate: z.int().optional(),
});
export type EstimateTrace = z.infer<typeof EstimateTrace>;

export const StreamStatus = z.enum(["STARTED", "RUNNING", "COMPLETE", "INCOMPLETE"]);
export type StreamStatus = z.infer<typeof StreamStatus>;

export const StreamStatusReason = z.looseObject({
  type: z.literal("RATE_LIMITED"),
  rate_limited: z.looseObject({ quota_reset: z.int().optional() }).optional(),
});
export type StreamStatusReason = z.infer<typeof StreamStatusReason>;

export const StreamStatusTrace = z.looseObject({
  stream_descriptor: StreamDescriptor,
  status: StreamStatus,
  reasons: z.array(StreamStatusReason).optional(),
});
export type StreamStatusTrace = z.infer<typeof StreamStatusTrace>;

export const AnalyticsTrace = z.looseObject({ type: z.string(), value: z.string().optional() });
export type AnalyticsTrace = z.infer<typeof AnalyticsTrace>;

export const TraceMessage = z.looseObject({
  type: z.enum(["ERROR", "ESTIMATE", "STREAM_STATUS", "ANALYTICS"]),
  emitted_at: z.number(),
  error: ErrorTrace.optional(),
  estimate: EstimateTrace.optional(),
  stream_status: StreamStatusTrace.optional(),
  analytics: AnalyticsTrace.optional(),
});
export type TraceMessage = z.infer<typeof TraceMessage>;

export const ControlMessage = z.looseObject({
  type: z.literal("CONNECTOR_CONFIG"),
  emitted_at: z.number(),
  connectorConfig: z.looseObject({ config: jsonObject }),
});
export type ControlMessage = z.infer<typeof ControlMessage>;

export const ConnectionStatus = z.looseObject({
  status: z.enum(["SUCCEEDED", "FAILED"]),
  message: z.string().optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const AirbyteStream = z.looseObject({
  name: z.string(),
  json_schema: jsonObject,
  supported_sync_modes: z.array(SyncMode).min(1),
  source_defined_cursor: z.boolean().optional(),
  default_cursor_field: z.array(z.string()).optional(),
  source_defined_primary_key: z.array(z.array(z.string())).optional(),
  namespace: z.string().optional(),
  is_resumable: z.boolean().optional(),
  is_file_based: z.boolean().optional(),
});
export type AirbyteStream = z.infer<typeof AirbyteStream>;

export const Catalog = z.looseObject({ streams: z.array(AirbyteStream) });
export type Catalog = z.infer<typeof Catalog>;

export const ConfiguredStream = z.looseObject({
  stream: AirbyteStream,
  sync_mode: SyncMode,
  cursor_field: z.array(z.string()).optional(),
  destination_sync_mode: DestinationSyncMode,
  destination_object_name: z.string().optional(),
  primary_key: z.array(z.array(z.string())).optional(),
  generation_id: z.int().optional(),
  minimum_generation_id: z.int().optional(),
  sync_id: z.int().optional(),
});
export type ConfiguredStream = z.infer<typeof ConfiguredStream>;

export const ConfiguredCatalog = z.looseObject({ streams: z.array(ConfiguredStream) });
export type ConfiguredCatalog = z.infer<typeof ConfiguredCatalog>;

export const DestinationOperation = z.looseObject({
  object_name: z.string(),
  sync_mode: DestinationSyncMode,
  json_schema: jsonObject,
  matching_keys: z.array(z.array(z.string())).optional(),
});
export type DestinationOperation = z.infer<typeof DestinationOperation>;

export const DestinationCatalog = z.looseObject({ operations: z.array(DestinationOperation) });
export type DestinationCatalog = z.infer<typeof DestinationCatalog>;

export const ConnectorSpecification = z.looseObject({
  documentationUrl: z.url().optional(),
  changelogUrl: z.url().optional(),
  connectionSpecification: jsonObject,
  supportsIncremental: z.boolean().optional(),
  supported_destination_sync_modes: z.array(DestinationSyncMode).optional(),
  protocol_version: z.string().optional(),
});
export type ConnectorSpecification = z.infer<typeof ConnectorSpecification>;

export const AirbyteMessage = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("RECORD"), record: RecordMessage }),
  z.looseObject({ type: z.literal("STATE"), state: StateMessage }),
  z.looseObject({ type: z.literal("LOG"), log: LogMessage }),
  z.looseObject({ type: z.literal("SPEC"), spec: ConnectorSpecification }),
  z.looseObject({ type: z.literal("CONNECTION_STATUS"), connectionStatus: ConnectionStatus }),
  z.looseObject({ type: z.literal("CATALOG"), catalog: Catalog }),
  z.looseObject({ type: z.literal("TRACE"), trace: TraceMessage }),
  z.looseObject({ type: z.literal("CONTROL"), control: ControlMessage }),
  z.looseObject({ type: z.literal("DESTINATION_CATALOG"), destination_catalog: DestinationCatalog }),
]);
export type AirbyteMessage = z.infer<typeof AirbyteMessage>;
export type MessageType = AirbyteMessage["type"];
