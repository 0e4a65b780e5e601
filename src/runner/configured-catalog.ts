import type { Catalog, ConfiguredCatalog, ConfiguredStream } from "../protocol/index.js";

/** The stream the destination writes: what a sync selects when it is not told otherwise. */
export const DEFAULT_STREAMS = ["employees"] as const;

export class UnknownStreamError extends Error {}

/**
 * The configured catalog a platform would build from `discover`: each chosen stream incremental when it can be
 * (with the source-defined cursor and primary key), else full refresh; deduplicated into the destination.
 */
export function configuredCatalog(
  discovered: Catalog,
  streams: readonly string[] = DEFAULT_STREAMS,
): ConfiguredCatalog {
  const byName = new Map(discovered.streams.map((stream) => [stream.name, stream]));
  const unknown = streams.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new UnknownStreamError(
      `Unknown stream ${unknown.map((name) => `'${name}'`).join(", ")} in --streams; ` +
        `the source offers ${[...byName.keys()].join(", ")}.`,
    );
  }
  return {
    streams: [...new Set(streams)].map((name): ConfiguredStream => {
      const stream = byName.get(name);
      if (stream === undefined) throw new UnknownStreamError(name);
      const incremental = stream.supported_sync_modes.includes("incremental");
      return {
        stream,
        sync_mode: incremental ? "incremental" : "full_refresh",
        destination_sync_mode: "append_dedup",
        ...(incremental && stream.default_cursor_field !== undefined
          ? { cursor_field: stream.default_cursor_field }
          : {}),
        ...(stream.source_defined_primary_key === undefined
          ? {}
          : { primary_key: stream.source_defined_primary_key }),
      };
    }),
  };
}
