import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../../test/helpers/raw-http.js";
import { KEPT_SECRET } from "./api-types.js";
import { ConsoleApp } from "./console-app.js";
import { tokenCookieName } from "./security.js";
import type { ConsoleRoutes, ConsoleServer } from "./server.js";
import { startConsoleServer } from "./server.js";

const TOKEN = "test-access-token-0123456789-abcdefghijklmno";
const SECRET = "bob-service-token-VERY-secret-4711";
let dir: string;
let app: ConsoleApp;
let server: ConsoleServer;
let port: number;
let origin: string;

/** The console's cookie, named for its port (known once it listens). */
const cookie = () => ({ cookie: `${tokenCookieName(port)}=${TOKEN}` });
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { ...cookie(), origin, "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "console-server-"));
  app = new ConsoleApp({
    stateDir: join(dir, "state"),
    connection: "console-test",
    sourceConfig: join(dir, "source.json"),
    destinationConfig: join(dir, "destination.json"),
    log: () => undefined,
  });
  await app.start();
  server = await startConsoleServer({ host: "127.0.0.1", port: 0, routes: app, token: TOKEN });
  port = server.port;
  origin = server.origin;
});

afterAll(async () => {
  await app.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the console's URL", () => {
  it("listens on 127.0.0.1 and prints a URL carrying the token", () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${TOKEN}`);
  });

  it("trades the URL's token for an HttpOnly SameSite=Strict cookie and drops it from the address", async () => {
    const answer = await rawRequest(port, { path: `/?token=${TOKEN}` });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe("/");
    expect(answer.headers["set-cookie"]).toEqual([
      `${tokenCookieName(port)}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    expect(answer.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("serves the page with the cookie, under a CSP without inline script or style", async () => {
    const answer = await rawRequest(port, { headers: cookie() });
    expect([200, 503]).toContain(answer.status);
    expect(answer.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(answer.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(answer.body).not.toMatch(/<script>|<style>|\sstyle=|\son[a-z]+=/);
  });
});

describe("requests that are refused", () => {
  it.each([
    ["the page", "/"],
    ["the API", "/api/state"],
    ["a report", "/reports/2026-01-01T00-00-00-000Z.html"],
    ["the event stream", "/api/runs/events"],
    ["the client's script", "/assets/console.js"],
  ])("%s without the token: 403", async (_, path) => {
    const answer = await rawRequest(port, { path });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("URL it printed");
  });

  it("a wrong token, in the URL or the cookie: 403, and no cookie is set", async () => {
    for (const headers of [{}, { cookie: `${tokenCookieName(port)}=${TOKEN.slice(0, -1)}x` }]) {
      const answer = await rawRequest(port, { path: "/?token=guess", headers });
      expect(answer.status).toBe(403);
      expect(answer.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("a foreign Host, even with the token (DNS rebinding): 421", async () => {
    const answer = await rawRequest(port, {
      path: "/api/state",
      headers: { ...cookie(), host: `rebinding.example:${port}` },
    });
    expect(answer.status).toBe(421);
    expect(answer.body).not.toContain(SECRET);
  });

  it("a change from another origin or none, even with the cookie (CSRF): 403", async () => {
    for (const headers of [{ origin: "http://evil.example" }, { origin: "null" }]) {
      const answer = await rawRequest(port, {
        method: "POST",
        path: "/api/runs",
        ...json({ kind: "sync" }, headers),
      });
      expect(answer.status).toBe(403);
    }
    const noOrigin = await rawRequest(port, {
      method: "PUT",
      path: "/api/source/config",
      headers: { ...cookie(), "content-type": "application/json" },
      body: "{}",
    });
    expect(noOrigin.status).toBe(403);
  });

  it("a body that is not application/json (what a cross-site form sends): 415", async () => {
    const answer = await rawRequest(port, {
      method: "PUT",
      path: "/api/source/config",
      headers: { ...cookie(), origin, "content-type": "text/plain" },
      body: "config=1",
    });
    expect(answer.status).toBe(415);
  });
});

describe("secrets", () => {
  const config = {
    service_user_id: "SERVICE-USER",
    service_user_token: SECRET,
    api_url: "http://127.0.0.1:9/v1",
  };

  it("are saved to a file only its owner may read, and never sent back", async () => {
    const answer = await rawRequest(port, { method: "PUT", path: "/api/source/config", ...json({ config }) });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain(SECRET);
    expect(JSON.parse(answer.body)).toMatchObject({
      saved: true,
      config: { service_user_token: KEPT_SECRET },
    });
    expect((await stat(join(dir, "source.json"))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(dir, "source.json"), "utf8"))).toMatchObject(config);

    const state = await rawRequest(port, { path: "/api/state", headers: cookie() });
    expect(state.status).toBe(200);
    expect(state.body).not.toContain(SECRET);
    expect(JSON.parse(state.body)).toMatchObject({ source: { config: { service_user_token: KEPT_SECRET } } });
  });

  it("left as the marker, keep the stored value", async () => {
    const kept = { ...config, service_user_id: "OTHER-USER", service_user_token: KEPT_SECRET };
    const answer = await rawRequest(port, {
      method: "PUT",
      path: "/api/source/config",
      ...json({ config: kept }),
    });
    expect(JSON.parse(answer.body)).toMatchObject({ saved: true });
    expect(JSON.parse(await readFile(join(dir, "source.json"), "utf8"))).toMatchObject({
      service_user_id: "OTHER-USER",
      service_user_token: SECRET,
    });
  });

  it("are not kept for another URL: the marker is refused and nothing is saved", async () => {
    const moved = { ...config, api_url: "http://127.0.0.2:9/v1", service_user_token: KEPT_SECRET };
    const answer = await rawRequest(port, {
      method: "PUT",
      path: "/api/source/config",
      ...json({ config: moved }),
    });
    const body = JSON.parse(answer.body) as { saved: boolean; problems: { path: string[] }[] };
    expect(body.saved).toBe(false);
    expect(body.problems).toEqual([expect.objectContaining({ path: ["service_user_token"] })]);
    expect(JSON.parse(await readFile(join(dir, "source.json"), "utf8"))).toMatchObject({
      api_url: "http://127.0.0.1:9/v1",
    });
  });

  it("are masked in a refusal that would quote them", async () => {
    const bad = { ...config, service_user_token: SECRET, api_url: `not a url ${SECRET}` };
    const answer = await rawRequest(port, {
      method: "PUT",
      path: "/api/source/config",
      ...json({ config: bad }),
    });
    expect(JSON.parse(answer.body)).toMatchObject({ saved: false, message: expect.stringContaining("****") });
    expect(answer.body).not.toContain(SECRET);
  });
});

it("refuses a run until both configs are saved", async () => {
  const answer = await rawRequest(port, { method: "POST", path: "/api/runs", ...json({ kind: "preview" }) });
  expect(answer.status).toBe(409);
  expect(answer.body).toContain("Connect Bob and the learning platform first");
});

it("serves a run's HTML report with a CSP that allows only its own style block, in a sandbox", async () => {
  const reports = join(dir, "state", "console-test", "reports");
  await mkdir(reports, { recursive: true });
  await writeFile(join(reports, "run-1.html"), "<html><style>p{color:red}</style><p>hi</p></html>");
  const answer = await rawRequest(port, { path: "/reports/run-1.html", headers: cookie() });
  expect(answer.status).toBe(200);
  const csp = String(answer.headers["content-security-policy"]);
  expect(csp).toContain("style-src 'sha256-");
  expect(csp).toContain("sandbox");
  expect(csp).toContain("default-src 'none'");
  const traversal = await rawRequest(port, { path: "/reports/..%2Fsource.html", headers: cookie() });
  expect(traversal.status).toBe(404);
});

it("answers an unexpected failure with 500, telling neither the browser nor its log what the error said", async () => {
  const lines: string[] = [];
  const failing = await startConsoleServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    log: (line) => lines.push(line),
    routes: {
      api: () => Promise.reject(new TypeError(`boom ${SECRET}`)),
      reportHtml: () => Promise.resolve(undefined),
    },
  });
  try {
    const answer = await rawRequest(failing.port, {
      path: "/api/state",
      headers: { cookie: `${tokenCookieName(failing.port)}=${TOKEN}` },
    });
    expect(answer.status).toBe(500);
    expect(answer.body).not.toContain(SECRET);
    expect(lines).toEqual(["The console failed to answer GET /api/state: TypeError."]);
  } finally {
    await failing.close();
  }
});

describe("an event stream whose browser stopped reading", () => {
  it("is closed once a megabyte waits for it, instead of queueing events without bound", async () => {
    let stopped = false;
    let sent = 0;
    const event = "x".repeat(64 * 1024);
    // A run that reports as fast as it can, to a tab that reads nothing.
    const flooding: ConsoleRoutes = {
      api: () =>
        Promise.resolve({
          stream: (send) => {
            const timer = setInterval(() => {
              send("progress", event);
              sent += 1;
            }, 2);
            return () => {
              stopped = true;
              clearInterval(timer);
            };
          },
        }),
      reportHtml: () => Promise.resolve(undefined),
    };
    const flooded = await startConsoleServer({ host: "127.0.0.1", port: 0, routes: flooding, token: TOKEN });
    const socket = connect(flooded.port, "127.0.0.1");
    try {
      await new Promise<void>((resolve) => socket.once("connect", resolve));
      socket.write(
        `GET /api/runs/events HTTP/1.1\r\nHost: 127.0.0.1:${flooded.port}\r\n` +
          `Cookie: ${tokenCookieName(flooded.port)}=${TOKEN}\r\n\r\n`,
      );
      socket.pause();
      await expect.poll(() => stopped, { timeout: 10_000 }).toBe(true);
      // Closed after about a megabyte beyond what loopback's socket buffers take (a few MB), not never.
      expect(sent * event.length).toBeLessThan(32_000_000);
    } finally {
      socket.destroy();
      await flooded.close();
    }
  });
});
