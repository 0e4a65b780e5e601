import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirbyteMessage } from "../../src/protocol/index.js";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { protocolErrors } from "../helpers/airbyte-schema.js";
import { parseLines } from "../helpers/capture.js";
import { REPO_ROOT, runBin, runProcess } from "../helpers/spawn.js";

const USER = "SERVICE-USER-1";
const TOKEN = "bob-token-3f2a9c81d7e4";
const BASIC = Buffer.from(`${USER}:${TOKEN}`).toString("base64");

let dir: string;
let server: Server;
let carelessUrl: string;
let emulator: HibobEmulator;

async function config(content: Record<string, unknown>): Promise<string> {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(content));
  return path;
}

function messages(stdout: string): AirbyteMessage[] {
  return parseLines(stdout);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bins-"));
  // A broken stand-in for Bob that is careless with secrets: its errors echo them back.
  server = createServer((request, response) => {
    const auth = request.headers.authorization ?? "";
    response.writeHead(500, { "content-type": "text/plain" }).end(`upstream failed for ${auth} (${TOKEN})`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  carelessUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  emulator = await startHibobEmulator({
    employees: 20,
    serviceUsers: [{ id: USER, token: TOKEN, scope: { terminated: true } }],
    rateLimits: false,
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await emulator.close();
});

describe("connector bins", () => {
  it.each([
    ["source-hibob", "spec.json"],
    ["destination-learners", "schemas/destination-spec.json"],
  ])("%s spec prints the golden spec as one valid SPEC message", async (bin, golden) => {
    const result = await runBin(bin, ["spec"]);
    expect(result.code).toBe(0);
    const [message, ...rest] = messages(result.stdout);
    expect(rest).toEqual([]);
    expect(protocolErrors("AirbyteMessage", message)).toEqual([]);
    expect(message?.type === "SPEC" && message.spec).toEqual(
      JSON.parse(await readFile(join(REPO_ROOT, golden), "utf8")),
    );
  });

  it.each(["source-hibob", "destination-learners", "hibob-learners"])(
    "%s exits 2 with usage on an unknown command",
    async (bin) => {
      const result = await runBin(bin, ["frobnicate"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("Usage:");
    },
  );

  it("runs through npx as well", async () => {
    // A cache of its own: npx keeps links to packages it ran before, which go stale when the checkout moves.
    const cache = await mkdtemp(join(tmpdir(), "npx-cache-"));
    const result = await runProcess("npx", ["--yes", "--package=.", "destination-learners", "spec"], "", {
      ...process.env,
      npm_config_cache: cache,
    });
    expect(result.code).toBe(0);
    expect(messages(result.stdout)[0]?.type).toBe("SPEC");
    // npx resolves the package and its dependency tree before it runs anything: slow on a busy 2-core machine.
  }, 90_000);

  it("check succeeds with credentials Bob accepts, and fails with a clear message otherwise", async () => {
    const good = await runBin("source-hibob", [
      "check",
      "--config",
      await config({ service_user_id: USER, service_user_token: TOKEN, api_url: emulator.baseUrl }),
    ]);
    expect(messages(good.stdout)).toEqual([
      { type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } },
    ]);
    const bad = await runBin("source-hibob", [
      "check",
      "--config",
      await config({ service_user_id: USER, service_user_token: "wrong-token", api_url: emulator.baseUrl }),
    ]);
    expect(bad.code).toBe(0);
    expect(messages(bad.stdout)[0]).toMatchObject({
      connectionStatus: {
        status: "FAILED",
        message: expect.stringMatching(/rejected the service user credentials \(401\)/),
      },
    });
  });

  it("a wrong config is a config_error naming the field, for every command", async () => {
    const path = await config({ service_user_id: USER, service_user_token: TOKEN, api_url: "ftp://bob" });
    const check = await runBin("source-hibob", ["check", "--config", path]);
    expect(messages(check.stdout)[0]).toMatchObject({
      connectionStatus: { status: "FAILED", message: expect.stringContaining("'api_url'") },
    });
    const discover = await runBin("source-hibob", ["discover", "--config", path]);
    expect(discover.code).toBe(1);
    const trace = messages(discover.stdout).find((m) => m.type === "TRACE");
    expect(trace?.type === "TRACE" && trace.trace.error).toMatchObject({
      failure_type: "config_error",
      message: expect.stringContaining("'api_url'"),
    });
    const destination = await runBin("destination-learners", [
      "check",
      "--config",
      await config({ target: { type: "sqlite", path: 42 } }),
    ]);
    expect(messages(destination.stdout)[0]).toMatchObject({
      connectionStatus: {
        status: "FAILED",
        message: expect.stringContaining("'target.path' must be a string"),
      },
    });
  });

  it("never prints the token, even when everything fails around it", async () => {
    const runs = await Promise.all([
      runBin("source-hibob", [
        "check",
        "--config",
        await config({
          service_user_id: USER,
          service_user_token: TOKEN,
          api_url: carelessUrl,
        }),
      ]),
      runBin("source-hibob", [
        "check",
        "--config",
        await config({ service_user_id: USER, service_user_token: TOKEN, api_url: "http://127.0.0.1:1/v1" }),
      ]),
      runBin("source-hibob", [
        "check",
        "--config",
        await config({ service_user_id: 7, service_user_token: TOKEN }),
      ]),
      runBin("source-hibob", [
        "read",
        "--config",
        await config({ service_user_id: USER, service_user_token: TOKEN }),
        "--catalog",
        join(dir, "missing.json"),
      ]),
      runBin("source-hibob", [
        "discover",
        "--config",
        await config({ service_user_id: USER, service_user_token: TOKEN, api_url: emulator.baseUrl }),
      ]),
    ]);
    expect(runs.map((run) => run.code)).toEqual([1, 1, 0, 2, 0]);
    for (const run of runs) {
      for (const output of [run.stdout, run.stderr]) {
        expect(output).not.toContain(TOKEN);
        expect(output).not.toContain(BASIC);
      }
    }
    // The failing runs did say what went wrong, with the secret masked where the server echoed it.
    expect(runs[0].stdout).toContain("Bob answered 500");
    expect(runs[1].stdout).toContain("transient_error");
  });
});
