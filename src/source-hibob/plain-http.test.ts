import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { catalogOf, emulatorConfig } from "../../test/helpers/read-source.js";
import { type HibobEmulator, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { AirbyteMessage, ConfigError, runConnector } from "../protocol/index.js";
import { HibobClient } from "./client.js";
import { createSourceHibob } from "./source.js";

// Plain http shows the token to every hop, so the source sends it over http only to this machine, judged by the
// address a name resolves to when the client connects, not by how the name is spelt. Names are resolved by an
// injected lookup (node's dns.lookup signature): there is no DNS here, and `localhost` and literal addresses
// take the default path.

/** A resolver that answers every name with these addresses, and remembers the names it was asked. */
function resolvesTo(...addresses: string[]): LookupFunction & { asked: string[] } {
  const asked: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    asked.push(hostname);
    const all = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    const [first] = all;
    if (options.all === true) callback(null, all);
    else callback(null, first?.address ?? "", first?.family);
  };
  return Object.assign(lookup, { asked });
}

let emulator: HibobEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await startHibobEmulator({ employees: 3, rateLimits: false });
  dir = await mkdtemp(join(tmpdir(), "plain-http-"));
});

afterEach(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

/** The emulator's URL with its host spelt another way. */
const spelt = (host: string): string => emulator.baseUrl.replace("127.0.0.1", host);

describe("plain http to Bob", () => {
  it("refuses a name that starts with 127. but resolves elsewhere, before anything is sent", async () => {
    const lookup = resolvesTo("203.0.113.7");
    const client = new HibobClient(emulatorConfig(spelt("127.attacker.example")), { lookup });
    const failure = client.get("/company/people/fields");
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(
      /^'api_url' must use https: 127\.attacker\.example resolves to 203\.0\.113\.7, which is not this machine \(plain http only to this machine/,
    );
    expect(lookup.asked).toEqual(["127.attacker.example"]);
    expect(emulator.state.stats.requests).toBe(0);
  });

  it("refuses a name with any address outside loopback", async () => {
    const client = new HibobClient(emulatorConfig(spelt("emulator.test")), {
      lookup: resolvesTo("127.0.0.1", "192.0.2.1"),
    });
    await expect(client.get("/company/people/fields")).rejects.toThrow(/resolves to 192\.0\.2\.1/);
    expect(emulator.state.stats.requests).toBe(0);
  });

  it("takes any name that resolves to loopback", async () => {
    const client = new HibobClient(emulatorConfig(spelt("bob-emulator.test")), {
      lookup: resolvesTo("127.0.0.1"),
    });
    const before = emulator.state.stats.requests;
    await expect(client.get("/company/people/fields")).resolves.toContainEqual(
      expect.objectContaining({ id: "root.id" }),
    );
    expect(emulator.state.stats.requests).toBe(before + 1);
  });

  it.each(["127.0.0.1", "localhost"])(
    "reaches the emulator at %s with the system's resolver",
    async (host) => {
      const client = new HibobClient(emulatorConfig(spelt(host)));
      await expect(client.get("/company/people/fields")).resolves.toContainEqual(
        expect.objectContaining({ id: "root.id" }),
      );
    },
  );
});

async function run(argv: readonly string[], config: unknown, lookup?: LookupFunction) {
  const configFile = join(dir, "config.json");
  const catalogFile = join(dir, "catalog.json");
  await writeFile(configFile, JSON.stringify(config));
  await writeFile(catalogFile, JSON.stringify(catalogOf(["employees"], "full_refresh")));
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const source = createSourceHibob(lookup === undefined ? {} : { lookup, requestsPerMinute: 0 });
  const args = argv.map((arg) => arg.replace("{config}", configFile).replace("{catalog}", catalogFile));
  const code = await runConnector(source, args, {
    stdin: Readable.from([]),
    stdout,
    stderr: new PassThrough(),
  });
  const lines = out.split("\n").filter(Boolean);
  // Whatever the input, every line stays an Airbyte message.
  const messages = lines.map((line) => AirbyteMessage.parse(JSON.parse(line)));
  return { code, messages };
}

const credentials = { service_user_id: "emulator", service_user_token: "emulator-token" };

describe("source-hibob with an unsafe api_url", () => {
  it("check answers FAILED naming api_url and the fix", async () => {
    const config = { ...credentials, api_url: spelt("127.attacker.example") };
    const { code, messages } = await run(
      ["check", "--config", "{config}"],
      config,
      resolvesTo("203.0.113.7"),
    );
    expect(code).toBe(0);
    expect(messages).toEqual([
      {
        type: "CONNECTION_STATUS",
        connectionStatus: {
          status: "FAILED",
          message: expect.stringMatching(/^'api_url' must use https: 127\.attacker\.example resolves to/),
        },
      },
    ]);
  });

  it("read fails with a config_error naming api_url", async () => {
    const config = { ...credentials, api_url: spelt("127.attacker.example") };
    const argv = ["read", "--config", "{config}", "--catalog", "{catalog}"];
    const { code, messages } = await run(argv, config, resolvesTo("203.0.113.7"));
    expect(code).toBe(1);
    const errors = messages.flatMap((m) => (m.type === "TRACE" && m.trace.error ? [m.trace.error] : []));
    expect(errors[0]).toMatchObject({
      failure_type: "config_error",
      message: expect.stringMatching(/^'api_url' must use https/),
    });
    expect(emulator.state.stats.requests).toBe(0);
  });

  it("check with credentials inside api_url answers FAILED without repeating them", async () => {
    const config = { ...credentials, api_url: "https://emulator:emulator-token@api.hibob.com/v1" };
    const { messages } = await run(["check", "--config", "{config}"], config);
    const [status] = messages;
    expect(status?.type === "CONNECTION_STATUS" && status.connectionStatus.message).toMatch(
      /'api_url' must not hold a user name or password/,
    );
    expect(JSON.stringify(messages)).not.toContain("emulator:");
  });
});

describe("source-hibob with a one-letter token", () => {
  // Secrets are masked from before validation on, but one too short to be a credential is refused, not masked:
  // masking `e` would garble the very message that names the field.
  it("check answers FAILED naming service_user_token, every line still a message", async () => {
    const config = { ...credentials, service_user_token: "e", api_url: emulator.baseUrl };
    const { code, messages } = await run(["check", "--config", "{config}"], config);
    expect(code).toBe(0);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: "CONNECTION_STATUS", connectionStatus: { status: "FAILED" } });
    const [status] = messages;
    expect(status?.type === "CONNECTION_STATUS" && status.connectionStatus.message).toMatch(
      "'service_user_token' is too short to be a real credential (fewer than 8 characters); paste the whole value",
    );
  });
});
