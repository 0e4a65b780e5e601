import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { captureEmitter } from "../../test/helpers/capture.js";
import { Emitter } from "./emitter.js";
import { AirbyteMessage } from "./messages.js";
import { MASK, Redactor } from "./secrets.js";

/** A consumer that accepts writes only when told to, like a paused pipe. */
function pausedConsumer(): { out: Writable; written: () => string; release: () => void } {
  let text = "";
  const held: (() => void)[] = [];
  const out = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString("utf8");
      held.push(() => {
        callback();
      });
    },
  });
  return {
    out,
    written: () => text,
    release: () => {
      for (const next of held.splice(0)) next();
    },
  };
}

describe("Emitter", () => {
  it("writes each message as one JSON line, stamped by the clock", async () => {
    const { emitter, output } = captureEmitter(() => 1234);
    await emitter.record("employees", { note: "line\nbreak\u2028" });
    await emitter.log("INFO", "hello");
    const lines = output().split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? "")).toEqual({
      type: "RECORD",
      record: { stream: "employees", data: { note: "line\nbreak\u2028" }, emitted_at: 1234 },
    });
  });

  it("masks secrets in every message, logs and errors included", async () => {
    const redactor = new Redactor(["hunter2"]);
    const { out, written, release } = pausedConsumer();
    const emitter = new Emitter(out, redactor);
    const pending = Promise.all([
      emitter.record("s", { leaked: "hunter2" }),
      emitter.log("ERROR", "token hunter2 refused", "at hunter2"),
      emitter.error({ message: "hunter2", internal_message: "x hunter2", stack_trace: "hunter2" }),
    ]);
    release();
    setImmediate(release);
    await pending;
    expect(written()).not.toContain("hunter2");
    expect(written().split(MASK).length - 1).toBe(6);
    expect(emitter.errored).toBe(true);
  });

  // A config's secrets are registered before it is validated, so a one-letter token refused as too short is still
  // masked: the mask must change what messages say, never what they are.
  it("masks a one-character secret inside texts only, never in types, keys, stream names or numbers", async () => {
    const { emitter, output } = captureEmitter(() => 1700000000000);
    emitter.redactor.add("T");
    const stream = { name: "TIME_OFF" };
    const messages: AirbyteMessage[] = [
      {
        type: "CATALOG",
        catalog: { streams: [{ name: "TIME_OFF", json_schema: {}, supported_sync_modes: ["full_refresh"] }] },
      },
      {
        type: "RECORD",
        record: { stream: "TIME_OFF", data: { TYPE: "Token T", n: 7 }, emitted_at: 1700000000000 },
      },
      {
        type: "STATE",
        state: {
          type: "STREAM",
          stream: { stream_descriptor: stream, stream_state: { AT: "T" } },
          sourceStats: { recordCount: 1 },
        },
      },
      { type: "CONNECTION_STATUS", connectionStatus: { status: "FAILED", message: "Token T refused" } },
      { type: "LOG", log: { level: "TRACE", message: "T" } },
    ];
    for (const message of messages) await emitter.emit(message);
    await emitter.error({ message: "Token T", failure_type: "config_error", stream_descriptor: stream });
    await emitter.streamStatus(stream, "STARTED");
    await emitter.flush();

    const parsed = output()
      .split("\n")
      .filter(Boolean)
      .map((line) => AirbyteMessage.parse(JSON.parse(line)));
    const masked = (text: string) => text.replaceAll("T", MASK);
    expect(parsed).toEqual([
      messages[0],
      {
        type: "RECORD",
        record: { stream: "TIME_OFF", data: { TYPE: masked("Token T"), n: 7 }, emitted_at: 1700000000000 },
      },
      {
        type: "STATE",
        state: {
          type: "STREAM",
          stream: { stream_descriptor: stream, stream_state: { AT: MASK } },
          sourceStats: { recordCount: 1 },
        },
      },
      {
        type: "CONNECTION_STATUS",
        connectionStatus: { status: "FAILED", message: masked("Token T refused") },
      },
      { type: "LOG", log: { level: "TRACE", message: MASK } },
      {
        type: "TRACE",
        trace: {
          type: "ERROR",
          emitted_at: 1700000000000,
          error: { message: masked("Token T"), failure_type: "config_error", stream_descriptor: stream },
        },
      },
      {
        type: "TRACE",
        trace: {
          type: "STREAM_STATUS",
          emitted_at: 1700000000000,
          stream_status: { stream_descriptor: stream, status: "STARTED" },
        },
      },
    ]);
  });

  it("batches records into chunks but flushes any other message at once", async () => {
    const chunks: string[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString("utf8"));
        callback();
      },
    });
    const emitter = new Emitter(out, undefined, { chunkSize: 1000 });
    for (let i = 0; i < 10; i += 1) await emitter.record("s", { i });
    expect(chunks).toHaveLength(0);
    await emitter.state({ type: "STREAM", stream: { stream_descriptor: { name: "s" } } });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.split("\n").filter(Boolean)).toHaveLength(11);
  });

  it("writes records gathered into a chunk that stops filling after a short while, in order", async () => {
    vi.useFakeTimers();
    try {
      const chunks: string[] = [];
      const out = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk.toString("utf8"));
          callback();
        },
      });
      const emitter = new Emitter(out, undefined, { chunkSize: 1000, idleFlushMs: 250 });
      await emitter.record("s", { i: 1 });
      await emitter.record("s", { i: 2 });
      await vi.advanceTimersByTimeAsync(249);
      expect(chunks).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(chunks).toHaveLength(1);
      expect(chunks[0]?.split("\n").filter(Boolean)).toHaveLength(2);
      // A chunk written before its time leaves no timer behind to write the next one early: record 3's timer
      // would fire 100 ms into record 4's wait.
      await emitter.record("s", { i: 3 });
      await vi.advanceTimersByTimeAsync(100);
      await emitter.state({ type: "STREAM", stream: { stream_descriptor: { name: "s" } } });
      expect(chunks).toHaveLength(2);
      await emitter.record("s", { i: 4 });
      await vi.advanceTimersByTimeAsync(200);
      expect(chunks).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(50);
      expect(chunks).toHaveLength(3);
      const lines = chunks.join("").split("\n").filter(Boolean);
      expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
        "RECORD",
        "RECORD",
        "RECORD",
        "STATE",
        "RECORD",
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("waits for a consumer that stops reading instead of buffering without bound", async () => {
    const { out, written, release } = pausedConsumer();
    const emitter = new Emitter(out, undefined, { chunkSize: 1 });
    let done = false;
    const first = emitter.record("s", { payload: "x".repeat(200) }).then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    expect(written()).toContain("payload");
    release();
    await first;
    expect(done).toBe(true);
  });

  it("rejects instead of hanging when the consumer goes away after an idle flush", async () => {
    const { out } = pausedConsumer();
    const emitter = new Emitter(out, undefined, { chunkSize: 1_000_000, idleFlushMs: 5 });
    await emitter.record("s", { payload: "x".repeat(200) });
    // The idle flush writes the record and waits for the paused reader, which then goes away.
    await new Promise((resolve) => setTimeout(resolve, 30));
    out.destroy();
    // Gone for a while: its close has been told before the next message comes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(
      emitter.state({ type: "STREAM", stream: { stream_descriptor: { name: "s" } } }),
    ).rejects.toThrow(/closed/);
  });

  it("rejects instead of hanging when the consumer goes away", async () => {
    const { out } = pausedConsumer();
    const emitter = new Emitter(out, undefined, { chunkSize: 1 });
    const pending = emitter.record("s", { payload: "x".repeat(200) });
    out.destroy();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
