import type { Catalog, ConfiguredCatalog, ConfiguredStream } from "../protocol/index.js";

/** The stream the destination writes: what a sync selects when it is not told otherwise. */
export const DEFAULT_STREAMS = ["employees"] as const;

/**
 * Streams the destination reconciles against its target: read in full at every sync, so that what the target
 * lacks (a reject fixed since, a widened filter, a lost directory, a hire entering the new-hire window) is
 * written whether or not Bob changed the employee. Bob has no "changed since", so an incremental read asks Bob
 * for everyone anyway: the full read costs the same calls.
 */
export const RECONCILED_STREAMS: ReadonlySet<string> = new Set(["employees"]);

export class UnknownStreamError extends Error {}

/**
 * The configured catalog a platform would build from `discover`, deduplicated into the destination with the
 * source-defined primary key: the reconciled streams in full, the others incremental when they can be (on the
 * source-defined cursor), else in full.
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
      const incremental =
        !RECONCILED_STREAMS.has(name) && stream.supported_sync_modes.includes("incremental");
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
