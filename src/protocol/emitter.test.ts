import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { captureEmitter } from "../../test/helpers/capture.js";
import { Emitter } from "./emitter.js";
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

  it("rejects instead of hanging when the consumer goes away", async () => {
    const { out } = pausedConsumer();
    const emitter = new Emitter(out, undefined, { chunkSize: 1 });
    const pending = emitter.record("s", { payload: "x".repeat(200) });
    out.destroy();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
