import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { parseLines } from "../../test/helpers/capture.js";
import { fixtureDestination, fixtureSource } from "../../test/fixtures/connectors.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runConnector } from "./cli.js";
import type { AirbyteMessage, Connector } from "./index.js";

const TOKEN = "tok-9f8e7d6c5b4a";
let dir: string;

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function run<Config>(connector: Connector<Config>, argv: string[], stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const code = await runConnector(connector, argv, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, out, err, messages: parseLines(out) };
}

function traceErrors(messages: AirbyteMessage[]) {
  return messages.flatMap((m) => (m.type === "TRACE" && m.trace.error !== undefined ? [m.trace.error] : []));
}

const catalog = {
  streams: [
    {
      stream: { name: "numbers", json_schema: {}, supported_sync_modes: ["full_refresh"] },
      sync_mode: "full_refresh",
      destination_sync_mode: "append",
    },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-test-"));
});

describe("runConnector", () => {
  it("prints the spec", async () => {
    const result = await run(fixtureSource, ["spec"]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.messages.map((m) => m.type)).toEqual(["SPEC"]);
  });

  it("answers an unknown command, or a missing file, with usage on stderr and exit 2", async () => {
    for (const argv of [["sync"], ["check"], ["check", "--config", join(dir, "missing.json")]]) {
      const result = await run(fixtureSource, argv);
      expect(result.code).toBe(EXIT_USAGE);
      expect(result.out).toBe("");
      expect(result.err).toContain("Usage:");
    }
  });

  it("check: an invalid config is a FAILED status naming the field, exit 0", async () => {
    const config = await file("bad.json", { token: TOKEN, records: "many" });
    const result = await run(fixtureSource, ["check", "--config", config]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.messages).toEqual([
      {
        type: "CONNECTION_STATUS",
        connectionStatus: {
          status: "FAILED",
          message: "Invalid configuration: 'records' must be a number, not a string.",
        },
      },
    ]);
  });

  it("other commands: the same message as a config_error trace, exit 1, no stack trace as the message", async () => {
    const config = await file("bad.json", { token: TOKEN, records: "many" });
    const result = await run(fixtureSource, ["discover", "--config", config]);
    expect(result.code).toBe(EXIT_FAILED);
    const [error] = traceErrors(result.messages);
    expect(error?.failure_type).toBe("config_error");
    expect(error?.message).toBe("Invalid configuration: 'records' must be a number, not a string.");
    expect(error?.message).not.toMatch(/\n\s+at /);
  });

  it("a config file that is not JSON is a config error", async () => {
    const config = await file("garbled.json", "{token:");
    const check = await run(fixtureSource, ["check", "--config", config]);
    expect(check.messages[0]).toMatchObject({ connectionStatus: { status: "FAILED" } });
    const discover = await run(fixtureSource, ["discover", "--config", config]);
    expect(traceErrors(discover.messages)[0]).toMatchObject({ failure_type: "config_error" });
  });

  it("check: a ConfigError from the connector is FAILED; a crash is a system_error trace; secrets masked", async () => {
    const refused = await run(fixtureSource, [
      "check",
      "--config",
      await file("c1.json", { token: TOKEN, fail_with: "config" }),
    ]);
    expect(refused.code).toBe(EXIT_OK);
    expect(refused.messages[0]).toMatchObject({
      connectionStatus: { status: "FAILED", message: "token **** refused" },
    });
    const crashed = await run(fixtureSource, [
      "check",
      "--config",
      await file("c2.json", { token: TOKEN, fail_with: "crash" }),
    ]);
    expect(crashed.code).toBe(EXIT_FAILED);
    expect(crashed.messages.map((m) => m.type)).toEqual(["TRACE"]);
    expect(traceErrors(crashed.messages)[0]?.failure_type).toBe("system_error");
    for (const output of [refused.out, crashed.out, refused.err, crashed.err])
      expect(output).not.toContain(TOKEN);
  });

  it("read: streams records with statuses and states; exit 0", async () => {
    const config = await file("ok.json", { token: TOKEN, records: 2 });
    const result = await run(fixtureSource, [
      "read",
      "--config",
      config,
      "--catalog",
      await file("cat.json", catalog),
    ]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.messages.filter((m) => m.type === "RECORD")).toHaveLength(2);
    expect(result.messages.at(-1)).toMatchObject({ trace: { stream_status: { status: "COMPLETE" } } });
  });

  it("read: a failing stream ends INCOMPLETE with a trace, exit 1, and the derived Basic credential masked", async () => {
    const config = await file("crash.json", { token: TOKEN, fail_with: "crash" });
    const result = await run(fixtureSource, [
      "read",
      "--config",
      config,
      "--catalog",
      await file("cat.json", catalog),
    ]);
    expect(result.code).toBe(EXIT_FAILED);
    expect(traceErrors(result.messages)[0]?.stream_descriptor).toEqual({ name: "numbers" });
    expect(result.out).not.toContain(Buffer.from(`user:${TOKEN}`).toString("base64"));
    expect(result.out).toContain("Basic ****");
  });

  it("read: the acceptance tests' invalid catalog produces a config_error trace", async () => {
    const config = await file("ok.json", { token: TOKEN });
    const invalid = await file("invalid-catalog.json", {
      streams: [
        {
          stream: {
            name: "__AIRBYTE__stream_that_does_not_exist",
            json_schema: {},
            supported_sync_modes: ["full_refresh"],
          },
          sync_mode: "INVALID",
          destination_sync_mode: "INVALID",
        },
      ],
    });
    const result = await run(fixtureSource, ["read", "--config", config, "--catalog", invalid]);
    expect(result.code).toBe(EXIT_FAILED);
    expect(traceErrors(result.messages)[0]?.message).toMatch(
      /catalog file .* is not a valid configured catalog: streams\.0\.sync_mode/,
    );
  });

  it("read: a malformed state file is a config error", async () => {
    const config = await file("ok.json", { token: TOKEN });
    const result = await run(fixtureSource, [
      "read",
      "--config",
      config,
      "--catalog",
      await file("cat.json", catalog),
      "--state",
      await file("state.json", '[{"type":"STREAM","stream":{}}]'),
    ]);
    expect(traceErrors(result.messages)[0]).toMatchObject({ failure_type: "config_error" });
  });

  it("write: blank and non-JSON lines are logged and skipped; the rest arrives in order", async () => {
    const received: AirbyteMessage[] = [];
    const stdin = [
      JSON.stringify({ type: "RECORD", record: { stream: "numbers", data: { i: 1 }, emitted_at: 1 } }),
      "",
      "this is not json",
      JSON.stringify({ type: "RECORD", record: { stream: "numbers" } }),
      JSON.stringify({
        type: "STATE",
        state: {
          type: "STREAM",
          stream: { stream_descriptor: { name: "numbers" } },
          sourceStats: { recordCount: 1 },
        },
      }),
    ].join("\n");
    const config = await file("ok.json", { token: TOKEN });
    const result = await run(
      fixtureDestination(received),
      ["write", "--config", config, "--catalog", await file("cat.json", catalog)],
      stdin,
    );
    expect(result.code).toBe(EXIT_OK);
    expect(received.map((m) => m.type)).toEqual(["RECORD", "STATE"]);
    const logs = result.messages.flatMap((m) =>
      m.type === "LOG" ? [`${m.log.level} ${m.log.message}`] : [],
    );
    expect(logs).toEqual([
      "DEBUG Skipped blank input line 2.",
      "WARN Skipped input line 3: it is not JSON: this is not json",
      expect.stringMatching(/^WARN Skipped input line 4: it is not an Airbyte message/),
    ]);
    expect(result.messages.at(-1)).toMatchObject({
      type: "STATE",
      state: {
        sourceStats: { recordCount: 1 },
        destinationStats: { recordCount: 1, rejectedRecordCount: 0 },
      },
    });
  });
});
