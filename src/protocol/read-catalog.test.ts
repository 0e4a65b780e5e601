import { describe, expect, it } from "vitest";
import { captureEmitter } from "../../test/helpers/capture.js";
import { ConfigError, SystemError } from "./errors.js";
import type { AirbyteMessage, ConfiguredCatalog, SyncMode } from "./messages.js";
import { NO_CURSOR_STATE, readCatalog } from "./read-catalog.js";
import type { SourceStream, StreamReadRequest } from "./source-stream.js";
import { emptyState, parseInputState } from "./state.js";

function stream(
  name: string,
  read: (request: StreamReadRequest) => Promise<void>,
  syncModes: SyncMode[] = ["full_refresh", "incremental"],
): SourceStream<null> {
  return {
    name,
    primaryKey: [["id"]],
    syncModes,
    jsonSchema: () => Promise.resolve({}),
    read: (_run, request) => read(request),
  };
}

function catalogOf(...entries: [string, SyncMode][]): ConfiguredCatalog {
  return {
    streams: entries.map(([name, sync_mode]) => ({
      stream: { name, json_schema: {}, supported_sync_modes: [sync_mode] },
      sync_mode,
      destination_sync_mode: "append_dedup" as const,
    })),
  };
}

function outline(messages: AirbyteMessage[]): string[] {
  return messages.map((m) => {
    if (m.type === "TRACE" && m.trace.stream_status)
      return `${m.trace.stream_status.stream_descriptor.name} ${m.trace.stream_status.status}`;
    if (m.type === "TRACE") return `${m.trace.error?.stream_descriptor?.name ?? ""} ERROR`;
    if (m.type === "STATE")
      return `${m.state.stream?.stream_descriptor.name ?? ""} STATE ${JSON.stringify(m.state.stream?.stream_state)}`;
    if (m.type === "RECORD") return `${m.record.stream} RECORD`;
    return m.type;
  });
}

describe("readCatalog", () => {
  it("runs every configured stream; a failing one ends INCOMPLETE while the next still completes", async () => {
    const { emitter, messages } = captureEmitter();
    const streams = [
      stream("broken", () => Promise.reject(new SystemError("down"))),
      stream("fine", async ({ out }) => {
        await out.record({ id: "1" });
        await out.checkpoint({ cursor: 1 });
      }),
    ];
    await readCatalog(
      streams,
      null,
      catalogOf(["broken", "full_refresh"], ["fine", "full_refresh"]),
      emptyState,
      emitter,
    );
    expect(outline(messages())).toEqual([
      "broken STARTED",
      "broken INCOMPLETE",
      "broken ERROR",
      "fine STARTED",
      "fine RUNNING",
      "fine RECORD",
      'fine STATE {"cursor":1}',
      "fine COMPLETE",
      "LOG",
    ]);
    expect(emitter.errored).toBe(true);
  });

  it("gives an empty full-refresh stream RUNNING and the no-cursor state", async () => {
    const { emitter, messages } = captureEmitter();
    await readCatalog(
      [stream("empty", () => Promise.resolve())],
      null,
      catalogOf(["empty", "full_refresh"]),
      emptyState,
      emitter,
    );
    expect(outline(messages())).toEqual([
      "empty STARTED",
      "empty RUNNING",
      `empty STATE ${JSON.stringify(NO_CURSOR_STATE)}`,
      "empty COMPLETE",
    ]);
  });

  it("hands the saved state to incremental streams only", async () => {
    const seen: Record<string, unknown> = {};
    const remember = (name: string) =>
      stream(name, (request) => {
        seen[name] = request.state;
        return Promise.resolve();
      });
    const state = parseInputState([
      { type: "STREAM", stream: { stream_descriptor: { name: "inc" }, stream_state: { at: 1 } } },
      { type: "STREAM", stream: { stream_descriptor: { name: "full" }, stream_state: { at: 2 } } },
    ]);
    const { emitter } = captureEmitter();
    await readCatalog(
      [remember("inc"), remember("full")],
      null,
      catalogOf(["inc", "incremental"], ["full", "full_refresh"]),
      state,
      emitter,
    );
    expect(seen).toEqual({ inc: { at: 1 }, full: undefined });
  });

  it("refuses an unknown stream or an unsupported sync mode before reading anything", async () => {
    const { emitter, messages } = captureEmitter();
    const only = stream("employees", () => Promise.resolve(), ["full_refresh"]);
    await expect(
      readCatalog([only], null, catalogOf(["nope", "full_refresh"]), emptyState, emitter),
    ).rejects.toThrow(/does not have. Streams: employees/);
    await expect(
      readCatalog([only], null, catalogOf(["employees", "incremental"]), emptyState, emitter),
    ).rejects.toThrow(ConfigError);
    expect(messages()).toEqual([]);
  });

  it("warns that a LEGACY state is not used and reads afresh", async () => {
    const { emitter, messages } = captureEmitter();
    await readCatalog(
      [stream("s", () => Promise.resolve())],
      null,
      catalogOf(["s", "incremental"]),
      parseInputState({ cursor: 1 }),
      emitter,
    );
    expect(messages()[0]).toMatchObject({ type: "LOG", log: { level: "WARN" } });
  });
});
