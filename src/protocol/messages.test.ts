import { describe, expect, it } from "vitest";
import { captureEmitter } from "../../test/helpers/capture.js";
import { protocolErrors } from "../../test/helpers/airbyte-schema.js";
import { destinationSpec } from "../destination-learners/destination.js";
import { sourceSpec } from "../source-hibob/source.js";
import { ConfigError, errorTrace, TransientError } from "./errors.js";
import { AirbyteMessage, ConfiguredCatalog } from "./messages.js";
import { StreamReporter } from "./stream-reporter.js";

/** Every kind of message the project emits, produced by the code that emits it. */
async function everyEmittedMessage(): Promise<AirbyteMessage[]> {
  const { emitter, messages } = captureEmitter();
  const stream = new StreamReporter(emitter, { name: "employees" });
  await stream.started();
  await stream.record({ id: "3332883884017713938", work: { title: "Engineer" } });
  await stream.rateLimited(Date.now() + 30_000);
  await stream.checkpoint({ fingerprints: { "3332883884017713938": "a1b2" } });
  await stream.complete();
  await new StreamReporter(emitter, { name: "timeoff", namespace: "bob" }).incomplete(
    new TransientError("429"),
  );
  await emitter.log("WARN", "a warning", "stack");
  await emitter.error(errorTrace(new ConfigError("bad token")));
  await emitter.error(errorTrace(new Error("boom")));
  await emitter.emit({ type: "SPEC", spec: sourceSpec });
  await emitter.emit({ type: "SPEC", spec: destinationSpec });
  await emitter.emit({ type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } });
  await emitter.emit({ type: "CONNECTION_STATUS", connectionStatus: { status: "FAILED", message: "no" } });
  await emitter.emit({
    type: "CATALOG",
    catalog: {
      streams: [
        {
          name: "employees",
          json_schema: { type: "object", properties: { id: { type: "string" } } },
          supported_sync_modes: ["full_refresh", "incremental"],
          source_defined_cursor: true,
          default_cursor_field: ["fingerprint"],
          source_defined_primary_key: [["id"]],
          is_resumable: true,
        },
      ],
    },
  });
  await emitter.emit({
    type: "TRACE",
    trace: {
      type: "ESTIMATE",
      emitted_at: Date.now(),
      estimate: { name: "employees", type: "STREAM", row_estimate: 10 },
    },
  });
  await emitter.emit({
    type: "TRACE",
    trace: {
      type: "ANALYTICS",
      emitted_at: Date.now(),
      analytics: { type: "employees-batch-size", value: "200" },
    },
  });
  await emitter.emit({
    type: "CONTROL",
    control: { type: "CONNECTOR_CONFIG", emitted_at: Date.now(), connectorConfig: { config: { a: 1 } } },
  });
  await emitter.emit({
    type: "DESTINATION_CATALOG",
    destination_catalog: {
      operations: [
        {
          object_name: "learners",
          sync_mode: "append_dedup",
          json_schema: { type: "object" },
          matching_keys: [["external_id"], ["email"]],
        },
      ],
    },
  });
  await emitter.state({
    type: "STREAM",
    stream: { stream_descriptor: { name: "employees" }, stream_state: { cursor: "x" } },
    sourceStats: { recordCount: 3 },
    destinationStats: { recordCount: 2, rejectedRecordCount: 1 },
  });
  await emitter.state({
    type: "GLOBAL",
    global: {
      shared_state: {},
      stream_states: [{ stream_descriptor: { name: "employees" }, stream_state: {} }],
    },
    sourceStats: { recordCount: 0 },
  });
  return messages();
}

describe("protocol messages", () => {
  it("emits every message kind and trace type, each valid against the official schema", async () => {
    const messages = await everyEmittedMessage();
    const kinds = new Set(messages.map((m) => (m.type === "TRACE" ? `TRACE/${m.trace.type}` : m.type)));
    expect([...kinds].sort()).toEqual([
      "CATALOG",
      "CONNECTION_STATUS",
      "CONTROL",
      "DESTINATION_CATALOG",
      "LOG",
      "RECORD",
      "SPEC",
      "STATE",
      "TRACE/ANALYTICS",
      "TRACE/ERROR",
      "TRACE/ESTIMATE",
      "TRACE/STREAM_STATUS",
    ]);
    for (const message of messages) {
      expect(protocolErrors("AirbyteMessage", message), JSON.stringify(message)).toEqual([]);
      expect(AirbyteMessage.safeParse(message).success).toBe(true);
    }
  });

  it("the official schema catches what is wrong, so the check above can fail", () => {
    expect(
      protocolErrors("AirbyteMessage", { type: "RECORD", record: { stream: "x", data: {} } }),
    ).not.toEqual([]);
    expect(
      protocolErrors("AirbyteMessage", {
        type: "TRACE",
        trace: { type: "ERROR", emitted_at: 1, error: { message: "m", failure_type: "fatal" } },
      }),
    ).not.toEqual([]);
  });

  it("reads LEGACY states on input and keeps unknown keys", () => {
    const parsed = AirbyteMessage.parse({
      type: "STATE",
      state: { type: "LEGACY", data: { a: 1 } },
      extra: true,
    });
    expect(parsed).toMatchObject({ state: { type: "LEGACY", data: { a: 1 } }, extra: true });
  });

  it("agrees with the official schema on configured catalogs", () => {
    const catalog = {
      streams: [
        {
          stream: { name: "employees", json_schema: {}, supported_sync_modes: ["incremental"] },
          sync_mode: "incremental",
          cursor_field: ["fingerprint"],
          destination_sync_mode: "append_dedup",
          primary_key: [["id"]],
          generation_id: 1,
          minimum_generation_id: 0,
          sync_id: 7,
        },
      ],
    };
    expect(protocolErrors("ConfiguredAirbyteCatalog", catalog)).toEqual([]);
    expect(ConfiguredCatalog.safeParse(catalog).success).toBe(true);

    const invalid = {
      streams: [{ stream: { name: "__AIRBYTE__stream_that_does_not_exist" }, sync_mode: "INVALID" }],
    };
    expect(protocolErrors("ConfiguredAirbyteCatalog", invalid)).not.toEqual([]);
    expect(ConfiguredCatalog.safeParse(invalid).success).toBe(false);
  });
});
