import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EasyLlamaEmulator, startEasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import { type ScimEmulator, startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { AirbyteMessage, ConfigError, runConnector } from "../protocol/index.js";
import type { TargetConfig } from "./config.js";
import { createDestinationLearners } from "./destination.js";
import { openWritable } from "./targets/open.js";

// The learner target's token goes over plain http only to this machine, judged by the address its host resolves
// to when the client connects. Names are resolved by an injected lookup (node's dns.lookup signature): there is
// no DNS here; literal addresses and `localhost` take the default path.

function resolvesTo(address: string): LookupFunction {
  return (_hostname, options, callback) => {
    const family = address.includes(":") ? 6 : 4;
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

const ELSEWHERE = resolvesTo("203.0.113.7");
const HERE = resolvesTo("127.0.0.1");

let scim: ScimEmulator;
let llama: EasyLlamaEmulator;
let dir: string;

beforeAll(async () => {
  scim = await startScimEmulator();
  llama = await startEasyLlamaEmulator();
  dir = await mkdtemp(join(tmpdir(), "plain-http-destination-"));
});

afterAll(async () => {
  await scim.close();
  await llama.close();
  await rm(dir, { recursive: true, force: true });
});

const spelt = (url: string, host: string): string => url.replace("127.0.0.1", host);

const targets: {
  name: string;
  field: string;
  target: (host: string) => TargetConfig;
  requests: () => number;
}[] = [
  {
    name: "SCIM",
    field: "target.base_url",
    target: (host) => ({ type: "scim", base_url: spelt(scim.baseUrl, host), token: scim.token }),
    requests: () => scim.requests().total,
  },
  {
    name: "EasyLlama (client credentials)",
    field: "target.api_url",
    target: (host) => ({
      type: "easyllama",
      api_url: spelt(llama.baseUrl, host),
      client_id: llama.clientId,
      client_secret: llama.clientSecret,
    }),
    requests: () => llama.requests().total,
  },
];

describe.each(targets)("plain http to the $name target", ({ field, target, requests }) => {
  it("refuses a name that resolves elsewhere before anything is sent, naming the field", async () => {
    const before = requests();
    const writable = await openWritable(target("127.lms.example"), { lookup: ELSEWHERE });
    const failure = writable.load();
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(
      `'${field}' must use https: 127.lms.example resolves to 203.0.113.7, which is not this machine`,
    );
    expect(requests()).toBe(before);
  });

  it("takes a name that resolves to loopback", async () => {
    const before = requests();
    const writable = await openWritable(target("lms.test"), { lookup: HERE });
    await expect(writable.load()).resolves.toMatchObject({ learners: [], assignments: [] });
    expect(requests()).toBeGreaterThan(before);
    await writable.close();
  });

  it.each(["127.0.0.1", "localhost"])(
    "reaches the emulator at %s with the system's resolver",
    async (host) => {
      const before = requests();
      const writable = await openWritable(target(host), {});
      await expect(writable.load()).resolves.toMatchObject({ learners: [], assignments: [] });
      expect(requests()).toBeGreaterThan(before);
      await writable.close();
    },
  );
});

async function run(argv: readonly string[], config: unknown, stdin = "") {
  const configFile = join(dir, "config.json");
  const catalogFile = join(dir, "catalog.json");
  await writeFile(configFile, JSON.stringify(config));
  await writeFile(
    catalogFile,
    JSON.stringify({
      streams: [
        {
          stream: { name: "employees", json_schema: {}, supported_sync_modes: ["full_refresh"] },
          sync_mode: "full_refresh",
          destination_sync_mode: "append_dedup",
        },
      ],
    }),
  );
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const args = argv.map((arg) => arg.replace("{config}", configFile).replace("{catalog}", catalogFile));
  const code = await runConnector(createDestinationLearners({ lookup: ELSEWHERE }), args, {
    stdin: Readable.from([stdin]),
    stdout,
    stderr: new PassThrough(),
  });
  const messages = out
    .split("\n")
    .filter(Boolean)
    .map((line) => AirbyteMessage.parse(JSON.parse(line)));
  return { code, messages };
}

describe("destination-learners with an unsafe target URL", () => {
  it("check answers FAILED naming target.base_url and the fix", async () => {
    const config = { target: targets[0]?.target("127.lms.example") };
    const { code, messages } = await run(["check", "--config", "{config}"], config);
    expect(code).toBe(0);
    expect(messages).toEqual([
      {
        type: "CONNECTION_STATUS",
        connectionStatus: {
          status: "FAILED",
          message: expect.stringMatching(/^'target\.base_url' must use https: 127\.lms\.example resolves to/),
        },
      },
    ]);
  });

  it("write fails with a config_error naming target.api_url", async () => {
    const config = { target: targets[1]?.target("127.lms.example") };
    const input = await readFile(
      new URL("../../test/corpus/valid/destination-input.jsonl", import.meta.url),
      "utf8",
    );
    const argv = ["write", "--config", "{config}", "--catalog", "{catalog}"];
    const { code, messages } = await run(argv, config, input);
    expect(code).toBe(1);
    const errors = messages.flatMap((m) => (m.type === "TRACE" && m.trace.error ? [m.trace.error] : []));
    expect(errors).toEqual([
      expect.objectContaining({
        failure_type: "config_error",
        message: expect.stringMatching(/^'target\.api_url' must use https/),
      }),
    ]);
  });
});
