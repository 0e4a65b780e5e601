import type { Emitter } from "./emitter.js";
import { ConfigError } from "./errors.js";
import type { ConfiguredCatalog } from "./messages.js";
import type { SourceStream } from "./source-stream.js";
import { descriptorKey, type InputState } from "./state.js";
import { StreamReporter } from "./stream-reporter.js";

/** The Python CDK's marker for a full-refresh stream that has no cursor to save. */
export const NO_CURSOR_STATE = { __ab_no_cursor_state_message: true } as const;

/**
 * Reads the configured streams one after another. A stream that fails ends INCOMPLETE with its own TRACE ERROR
 * and the others still run; the run then fails naming every stream that did not finish.
 */
export async function readCatalog<Run>(
  streams: readonly SourceStream<Run>[],
  run: Run,
  catalog: ConfiguredCatalog,
  state: InputState,
  emitter: Emitter,
  options: { readonly checkpointInterval?: number } = {},
): Promise<void> {
  const byName = new Map(streams.map((stream) => [stream.name, stream]));
  const plan = catalog.streams.map((configured) => {
    const stream = byName.get(configured.stream.name);
    if (stream === undefined) {
      throw new ConfigError(
        `The catalog asks for stream '${configured.stream.name}', which this source does not have. ` +
          `Streams: ${streams.map((s) => s.name).join(", ")}. Refresh the source schema.`,
      );
    }
    if (!stream.syncModes.includes(configured.sync_mode)) {
      throw new ConfigError(
        `Stream '${stream.name}' cannot be read as ${configured.sync_mode}; it supports ${stream.syncModes.join(", ")}.`,
      );
    }
    return { stream, configured };
  });
  const strangers = [...state.streams.keys()].filter(
    (key) => !streams.some((stream) => key === stream.name || key.endsWith(`.${stream.name}`)),
  );
  if (strangers.length > 0) {
    await emitter.log(
      "WARN",
      `The state names stream${strangers.length === 1 ? "" : "s"} ${strangers.map((key) => `'${key}'`).join(", ")}, ` +
        "which this source does not have; " +
        "that part is ignored. Check that the state belongs to this connection.",
    );
  }
  if (state.legacy !== undefined) {
    await emitter.log(
      "WARN",
      "The state is in the old LEGACY format, which this source does not read; every stream starts afresh.",
    );
  }

  const failed: string[] = [];
  for (const { stream, configured } of plan) {
    const descriptor = {
      name: stream.name,
      ...(configured.stream.namespace === undefined ? {} : { namespace: configured.stream.namespace }),
    };
    const out = new StreamReporter(emitter, descriptor, options.checkpointInterval);
    const saved =
      configured.sync_mode === "incremental" ? state.streams.get(descriptorKey(descriptor)) : undefined;
    try {
      await out.started();
      await stream.read(run, { syncMode: configured.sync_mode, state: saved ?? undefined, out });
      if (out.stateCount === 0) await out.checkpoint(NO_CURSOR_STATE);
      await out.complete();
    } catch (error) {
      failed.push(stream.name);
      await out.incomplete(error);
    }
  }
  if (failed.length > 0) {
    await emitter.log("ERROR", `These streams did not sync completely: ${failed.join(", ")}.`);
  }
}
