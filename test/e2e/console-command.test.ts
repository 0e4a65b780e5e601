// `hibob-learners console` and `demo --console` as a person starts them (the built bin): the URL alone on a line
// of stdout, the HTTP-level guards, the secrets it never answers with, and a clean stop.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../helpers/raw-http.js";
import type { ConsoleProcess } from "../helpers/console-process.js";
import { startConsoleProcess } from "../helpers/console-process.js";
import { runBin } from "../helpers/spawn.js";

const SECRET = "saved-service-token-5f2e81c9";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "console-command-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const withCookie = (served: ConsoleProcess, headers: Record<string, string> = {}) => ({
  cookie: `hibob_console_${served.port}=${served.token}`,
  ...headers,
});

describe("hibob-learners console", () => {
  let served: ConsoleProcess;
  const stateDir = () => join(dir, "state");

  beforeAll(async () => {
    await writeFile(
      join(dir, "source.json"),
      JSON.stringify({ service_user_id: "SU", service_user_token: SECRET, api_url: "http://127.0.0.1:9/v1" }),
    );
    served = await startConsoleProcess([
      "console",
      "--state-dir",
      stateDir(),
      "--source-config",
      join(dir, "source.json"),
      "--destination-config",
      join(dir, "destination.json"),
    ]);
  });
  afterAll(async () => {
    await served.stop("SIGTERM");
  });

  it("prints its URL alone on a line of stdout, on 127.0.0.1 with a long random token", async () => {
    expect(served.stdout()).toBe(`${served.url}\n`);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => served.stderr(), { timeout: 10_000 }).toContain("Ctrl-C stops the console");
    expect(served.stderr()).not.toContain("WARNING");
  });

  it("refuses a request without the token, with a foreign Host, or a change from a foreign Origin", async () => {
    expect((await rawRequest(served.port, { path: "/api/state" })).status).toBe(403);
    const rebound = await rawRequest(served.port, {
      path: "/api/state",
      headers: withCookie(served, { host: `attacker.example:${served.port}` }),
    });
    expect(rebound.status).toBe(421);
    const forged = await rawRequest(served.port, {
      method: "POST",
      path: "/api/runs",
      headers: withCookie(served, { origin: "http://attacker.example", "content-type": "application/json" }),
      body: JSON.stringify({ kind: "sync" }),
    });
    expect(forged.status).toBe(403);
    expect((await rawRequest(served.port, { path: "/api/state", headers: withCookie(served) })).status).toBe(
      200,
    );
  });

  it("never answers with a saved secret, whatever the route", async () => {
    for (const path of ["/", "/assets/console.js", "/api/state", "/api/history", "/api/reports/none"]) {
      const answer = await rawRequest(served.port, { path, headers: withCookie(served) });
      expect(answer.body, path).not.toContain(SECRET);
      expect(JSON.stringify(answer.headers), path).not.toContain(SECRET);
    }
    const state = await rawRequest(served.port, { path: "/api/state", headers: withCookie(served) });
    expect(JSON.parse(state.body)).toMatchObject({
      source: { config: { service_user_id: "SU", service_user_token: expect.not.stringContaining(SECRET) } },
      destination: { config: null },
      connection: "source-to-destination",
    });
  });

  it("stops cleanly on SIGTERM (exit 0) and logs no secret", async () => {
    expect(await served.stop("SIGTERM")).toBe(0);
    expect(served.stderr()).toContain("The console stopped.");
    expect(served.stdout() + served.stderr()).not.toContain(SECRET);
    // The config it was given is untouched: the console writes only what a person saves.
    expect(JSON.parse(await readFile(join(dir, "source.json"), "utf8"))).toMatchObject({
      service_user_token: SECRET,
    });
  });
});

describe("the console's command line", () => {
  it("warns when it listens beyond this machine", async () => {
    const served = await startConsoleProcess([
      "console",
      "--host",
      "0.0.0.0",
      "--state-dir",
      join(dir, "exposed"),
    ]);
    try {
      expect(served.stderr()).toContain("WARNING: the console listens on 0.0.0.0");
      expect(
        (await rawRequest(served.port, { path: "/api/state", headers: withCookie(served) })).status,
      ).toBe(200);
    } finally {
      expect(await served.stop("SIGINT")).toBe(0);
    }
  });

  it("says what is wrong with a flag, and shows its help", async () => {
    const bad = await runBin("hibob-learners", ["console", "--port", "70000"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--port must be a port number");
    const help = await runBin("hibob-learners", ["console", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: hibob-learners console");
  });
});

describe("hibob-learners demo --console", () => {
  it("opens the console on the demo's emulator and learner directory, with configs ready and owner-only", async () => {
    const demoDir = join(dir, "demo");
    const served = await startConsoleProcess(["demo", "--console", "--employees", "30", "--dir", demoDir]);
    try {
      expect(served.stdout()).toBe(`${served.url}\n`);
      const state = JSON.parse(
        (await rawRequest(served.port, { path: "/api/state", headers: withCookie(served) })).body,
      ) as Record<string, unknown>;
      expect(state).toMatchObject({
        demo: true,
        connection: "demo",
        source: {
          config: {
            service_user_id: "demo",
            api_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
          },
        },
        destination: { config: { target: { type: "sqlite", path: join(demoDir, "learners.db") } } },
      });
      expect(JSON.stringify(state)).not.toContain("demo-emulator-token");
      expect((await stat(join(demoDir, "source.json"))).mode & 0o777).toBe(0o600);
      const day = await rawRequest(served.port, {
        method: "POST",
        path: "/api/demo/day",
        headers: withCookie(served, { origin: served.origin, "content-type": "application/json" }),
        body: "{}",
      });
      expect(JSON.parse(day.body)).toMatchObject({ summary: expect.stringMatching(/\d+ hires?\b/) });
    } finally {
      expect(await served.stop("SIGINT")).toBe(0);
    }
  });
});
