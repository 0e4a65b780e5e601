import { createServer, type OutgoingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, SystemError, TransientError } from "../protocol/index.js";
import { virtualClock as startClock } from "../../test/helpers/virtual-clock.js";
import { HibobClient } from "./client.js";

type Reply = { status: number; headers?: OutgoingHttpHeaders; body?: string } | "reset";

interface Bob {
  url: string;
  requests: { method: string; url: string; auth: string | undefined; body: string }[];
  close: () => Promise<void>;
}

let bob: Bob | undefined;

/** A loopback server answering the scripted replies in order (the last one repeats). */
async function scriptedBob(replies: Reply[]): Promise<Bob> {
  const requests: Bob["requests"] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      requests.push({
        method: request.method ?? "",
        url: request.url ?? "",
        auth: request.headers.authorization,
        body,
      });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)] ?? { status: 500 };
      if (reply === "reset") {
        request.socket.destroy();
        return;
      }
      response
        .writeHead(reply.status, { "content-type": "application/json", ...reply.headers })
        .end(reply.body ?? "{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  bob = {
    url,
    requests,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
  return bob;
}

const credentials = (url: string) => ({ service_user_id: "SU", service_user_token: "tok", api_url: url });

afterEach(async () => {
  await bob?.close();
  bob = undefined;
});

describe("HibobClient", () => {
  it("sends Basic auth and parses JSON", async () => {
    const server = await scriptedBob([{ status: 200, body: '{"employees":[{"id":"3332883884017713938"}]}' }]);
    const client = new HibobClient(credentials(server.url), { clock: startClock(1_700_000_000_000) });
    const result = await client.post<{ employees: { id: string }[] }>("/people/search", {
      fields: ["root.id"],
    });
    expect(result.employees[0]?.id).toBe("3332883884017713938");
    expect(server.requests[0]).toMatchObject({
      method: "POST",
      url: "/v1/people/search",
      auth: `Basic ${Buffer.from("SU:tok").toString("base64")}`,
      body: '{"fields":["root.id"]}',
    });
  });

  it("waits out a 429 until X-RateLimit-Reset, telling the stream, then succeeds", async () => {
    const clock = startClock(1_700_000_000_000);
    const reset = Math.floor(clock.now() / 1000) + 42;
    const server = await scriptedBob([
      { status: 429, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } },
      { status: 200, body: "[]" },
    ]);
    const told: number[] = [];
    const client = new HibobClient(credentials(server.url), {
      clock,
      requestsPerMinute: 0,
      onRateLimited: (at) => {
        told.push(at);
        return Promise.resolve();
      },
    });
    await expect(client.get("/company/people/fields")).resolves.toEqual([]);
    const expectedWait = reset * 1000 - 1_700_000_000_000 + 1_000;
    expect(told).toEqual([1_700_000_000_000 + expectedWait]);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(expectedWait);
    expect(server.requests).toHaveLength(2);
  });

  it("fails a 429 whose reset is too far off as transient instead of sleeping for it", async () => {
    const clock = startClock(1_700_000_000_000);
    const server = await scriptedBob([
      { status: 429, headers: { "x-ratelimit-reset": String(Math.floor(clock.now() / 1000) + 3600) } },
    ]);
    const client = new HibobClient(credentials(server.url), { clock, maxRateLimitWaitMs: 60_000 });
    await expect(client.get("/company/people/fields")).rejects.toThrow(TransientError);
    expect(clock.slept.filter((ms) => ms > 60_000)).toEqual([]);
  });

  it("retries 5xx, resets and cut-off bodies with backoff, then succeeds", async () => {
    const clock = startClock(1_700_000_000_000);
    const server = await scriptedBob([
      { status: 503 },
      "reset",
      { status: 200, body: '{"employees": [' },
      { status: 200, body: '{"ok":true}' },
    ]);
    const client = new HibobClient(credentials(server.url), { clock, requestsPerMinute: 0, random: () => 0 });
    await expect(client.get("/x")).resolves.toEqual({ ok: true });
    expect(clock.slept).toEqual([500, 1_000, 2_000]);
  });

  it("gives up after the retry budget with a transient error", async () => {
    const server = await scriptedBob([{ status: 502 }]);
    const client = new HibobClient(credentials(server.url), {
      clock: startClock(1_700_000_000_000),
      backoff: { baseMs: 10, maxMs: 100, maxRetries: 3 },
    });
    const failure = client.get("/x");
    await expect(failure).rejects.toThrow(TransientError);
    await expect(failure).rejects.toThrow(/502 .* Gave up after 4 attempts/);
    expect(server.requests).toHaveLength(4);
  });

  it.each([401, 403])("never retries %i: one request, a config error", async (status) => {
    const server = await scriptedBob([{ status, body: '{"key":"x","error":"no"}' }]);
    const client = new HibobClient(credentials(server.url), { clock: startClock(1_700_000_000_000) });
    await expect(client.get("/x")).rejects.toThrow(ConfigError);
    expect(server.requests).toHaveLength(1);
  });

  it("treats a 200 HTML page as an error, not as data", async () => {
    const server = await scriptedBob([
      { status: 200, headers: { "content-type": "text/html" }, body: "<html></html>" },
    ]);
    const client = new HibobClient(credentials(server.url), { clock: startClock(1_700_000_000_000) });
    await expect(client.get("/people/1/workk")).rejects.toThrow(/HTML page instead of JSON/);
  });

  it("reports other 4xx as a system error quoting Bob's message", async () => {
    const server = await scriptedBob([
      { status: 400, body: '{"key":"bad.filter","error":"filters must not be empty"}' },
    ]);
    const client = new HibobClient(credentials(server.url), { clock: startClock(1_700_000_000_000) });
    const failure = client.post("/people/search", { filters: [] });
    await expect(failure).rejects.toThrow(SystemError);
    await expect(failure).rejects.toThrow(/400 .*filters must not be empty/);
  });

  it("sends at once while the window has room and holds when Bob says it is used up", async () => {
    const clock = startClock(0);
    const server = await scriptedBob([
      { status: 200, headers: { "x-ratelimit-remaining": "1", "x-ratelimit-reset": "60" }, body: "{}" },
      { status: 200, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "60" }, body: "{}" },
      { status: 200, body: "{}" },
    ]);
    const client = new HibobClient(credentials(server.url), { clock, requestsPerMinute: 30 });
    for (let i = 0; i < 3; i += 1) await client.post("/people/search", {});
    // The second answer says no request is left until the reset at 60 s (plus a safety margin).
    expect(clock.slept).toEqual([61_000]);
  });
});
