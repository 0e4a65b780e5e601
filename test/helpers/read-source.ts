import {
  parseInputState,
  readCatalog,
  type AirbyteMessage,
  type ConfiguredCatalog,
  type SourceStream,
  type SyncMode,
} from "../../src/protocol/index.js";
import { SourceConfig } from "../../src/source-hibob/config.js";
import { createRun, type HibobRun, type RunOptions } from "../../src/source-hibob/run.js";
import { STREAMS } from "../../src/source-hibob/source.js";
import { captureEmitter } from "./capture.js";

/** A source config for an emulator's default service user. */
export function emulatorConfig(baseUrl: string, overrides: Record<string, unknown> = {}): SourceConfig {
  return SourceConfig.parse({
    service_user_id: "emulator",
    service_user_token: "emulator-token",
    api_url: baseUrl,
    ...overrides,
  });
}

export function catalogOf(streams: readonly string[], syncMode: SyncMode): ConfiguredCatalog {
  return {
    streams: streams.map((name) => ({
      stream: { name, json_schema: {}, supported_sync_modes: [syncMode] },
      sync_mode: syncMode,
      destination_sync_mode: syncMode === "incremental" ? "append_dedup" : "overwrite",
    })),
  };
}

export interface ReadOptions extends RunOptions {
  readonly state?: unknown;
  readonly checkpointInterval?: number;
}

/**
 * Runs source-hibob's read in-process, the way the CLI does, and returns what it wrote. Pacing is off unless
 * asked for: the emulator's limits are what tests exercise, not the client's politeness.
 */
export async function readSource(
  config: SourceConfig,
  catalog: ConfiguredCatalog,
  options: ReadOptions = {},
): Promise<AirbyteMessage[]> {
  const { state, checkpointInterval, ...runOptions } = options;
  const { emitter, messages } = captureEmitter();
  const run = createRun(config, { requestsPerMinute: 0, ...runOptions });
  await readCatalog(STREAMS, run, catalog, parseInputState(state ?? []), emitter, {
    ...(checkpointInterval === undefined ? {} : { checkpointInterval }),
  });
  await emitter.flush();
  return messages();
}

export function recordsOf(messages: readonly AirbyteMessage[], stream?: string): Record<string, unknown>[] {
  return messages.flatMap((message) =>
    message.type === "RECORD" && (stream === undefined || message.record.stream === stream)
      ? [message.record.data]
      : [],
  );
}

/** The STREAM states emitted, as a `--state` file would hold the last of each. */
export function statesOf(messages: readonly AirbyteMessage[]): AirbyteMessage[] {
  return messages.filter((message) => message.type === "STATE");
}

/** The last STREAM state of each stream, as the platform would pass it to the next sync. */
export function nextState(messages: readonly AirbyteMessage[]): unknown[] {
  const last = new Map<string, unknown>();
  for (const message of statesOf(messages)) {
    if (message.type === "STATE" && message.state.type === "STREAM") {
      last.set(message.state.stream?.stream_descriptor.name ?? "", message.state);
    }
  }
  return [...last.values()];
}

export interface StreamRead {
  readonly records: Record<string, unknown>[];
  /** The `stream_state` of each STATE, in order. */
  readonly states: Record<string, unknown>[];
  /** `LEVEL message` of each LOG. */
  readonly logs: string[];
  readonly messages: AirbyteMessage[];
}

/** Reads one stream value (which need not be one of the source's) through `readCatalog`, as the CLI would. */
export async function readStream(
  stream: SourceStream<HibobRun>,
  run: HibobRun,
  syncMode: SyncMode,
  options: { readonly state?: Record<string, unknown>; readonly checkpointInterval?: number } = {},
): Promise<StreamRead> {
  const { emitter, messages } = captureEmitter();
  const saved =
    options.state === undefined
      ? []
      : [
          {
            type: "STREAM",
            stream: { stream_descriptor: { name: stream.name }, stream_state: options.state },
          },
        ];
  await readCatalog([stream], run, catalogOf([stream.name], syncMode), parseInputState(saved), emitter, {
    ...(options.checkpointInterval === undefined ? {} : { checkpointInterval: options.checkpointInterval }),
  });
  const all = messages();
  return {
    records: recordsOf(all),
    states: all.flatMap((m) =>
      m.type === "STATE" && m.state.stream?.stream_state ? [m.state.stream.stream_state] : [],
    ),
    logs: all.flatMap((m) => (m.type === "LOG" ? [`${m.log.level} ${m.log.message}`] : [])),
    messages: all,
  };
}
