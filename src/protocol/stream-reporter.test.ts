import { describe, expect, it } from "vitest";
import { captureEmitter } from "../../test/helpers/capture.js";
import { SystemError } from "./errors.js";
import type { AirbyteMessage } from "./messages.js";
import { StreamReporter } from "./stream-reporter.js";

function summary(messages: AirbyteMessage[]): string[] {
  return messages.map((message) => {
    switch (message.type) {
      case "RECORD":
        return "RECORD";
      case "STATE":
        return `STATE ${String(message.state.sourceStats?.recordCount)}`;
      case "TRACE":
        return message.trace.type === "STREAM_STATUS"
          ? `${message.trace.stream_status?.status ?? ""}${message.trace.stream_status?.reasons === undefined ? "" : " RATE_LIMITED"}`
          : `TRACE ${message.trace.type} ${message.trace.error?.failure_type ?? ""}`;
      default:
        return message.type;
    }
  });
}

describe("StreamReporter", () => {
  it("reports STARTED, RUNNING at the first record, states with counts since the previous state, COMPLETE", async () => {
    const { emitter, messages } = captureEmitter();
    const stream = new StreamReporter(emitter, { name: "employees" });
    await stream.started();
    await stream.record({ id: "1" });
    await stream.record({ id: "2" });
    await stream.checkpoint({ seen: 2 });
    await stream.record({ id: "3" });
    await stream.checkpoint({ seen: 3 });
    await stream.complete();
    expect(summary(messages())).toEqual([
      "STARTED",
      "RUNNING",
      "RECORD",
      "RECORD",
      "STATE 2",
      "RECORD",
      "STATE 1",
      "COMPLETE",
    ]);
    expect(stream.recordCount).toBe(3);
  });

  it("still reports RUNNING for an empty stream, and its state counts zero records", async () => {
    const { emitter, messages } = captureEmitter();
    const stream = new StreamReporter(emitter, { name: "empty" });
    await stream.started();
    await stream.checkpoint({});
    await stream.complete();
    expect(summary(messages())).toEqual(["STARTED", "RUNNING", "STATE 0", "COMPLETE"]);
  });

  it("never emits the same state twice in a row; the records carry over to the next state", async () => {
    const { emitter, messages } = captureEmitter();
    const stream = new StreamReporter(emitter, { name: "employees" });
    await stream.checkpoint({ page: 1 });
    await stream.record({ id: "1" });
    await stream.checkpoint({ page: 1 });
    await stream.record({ id: "2" });
    await stream.checkpoint({ page: 2 });
    expect(summary(messages()).filter((line) => line.startsWith("STATE"))).toEqual(["STATE 0", "STATE 2"]);
  });

  it("marks a failed stream INCOMPLETE with an error naming the stream", async () => {
    const { emitter, messages } = captureEmitter();
    const stream = new StreamReporter(emitter, { name: "employees", namespace: "bob" });
    await stream.incomplete(new SystemError("broken"));
    const all = messages();
    expect(summary(all)).toEqual(["STARTED", "INCOMPLETE", "TRACE ERROR system_error"]);
    const last = all.at(-1);
    expect(last?.type === "TRACE" && last.trace.error?.stream_descriptor).toEqual({
      name: "employees",
      namespace: "bob",
    });
    expect(emitter.errored).toBe(true);
  });

  it("signals rate-limit waits as RUNNING with a reason and the quota reset time", async () => {
    const { emitter, messages } = captureEmitter();
    const stream = new StreamReporter(emitter, { name: "employees" });
    await stream.rateLimited(1_700_000_000_123.4);
    const last = messages().at(-1);
    expect(last?.type === "TRACE" && last.trace.stream_status?.reasons).toEqual([
      { type: "RATE_LIMITED", rate_limited: { quota_reset: 1_700_000_000_123 } },
    ]);
  });

  it("logs a line naming the stream without starting it", async () => {
    const { emitter, messages } = captureEmitter();
    const stream = new StreamReporter(emitter, { name: "work_history" });
    await stream.log("WARN", "the saved state is unreadable");
    expect(messages()).toEqual([
      { type: "LOG", log: { level: "WARN", message: "work_history: the saved state is unreadable" } },
    ]);
  });

  it("refuses records after the stream ended", async () => {
    const { emitter } = captureEmitter();
    const stream = new StreamReporter(emitter, { name: "employees" });
    await stream.complete();
    await expect(stream.record({ id: "late" })).rejects.toThrow(/already ended/);
  });
});
