import { createServer, type OutgoingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpTarget } from "../destination-learners/targets/http-target.js";
import { ConfigError, SystemError, TransientError } from "../protocol/index.js";
import { HibobClient } from "../source-hibob/client.js";
import { virtualClock as startClock } from "../../test/helpers/virtual-clock.js";
import type { Clock } from "./clock.js";

// Every HTTP edge (Bob, SCIM, EasyLlama) meets the same answers from a real loopback server and, given the same
// retry settings, does the same: the same requests, the same waits, the same error class.

interface Reply {
  status: number;
  headers?: OutgoingHttpHeaders;
}

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

let server: Server | undefined;

/** Answers the scripted replies in order (the last one repeats) and counts the requests. */
async function scripted(replies: Reply[]): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      requests += 1;
      const reply = replies[Math.min(requests, replies.length) - 1] ?? { status: 500 };
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end("{}");
    });
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
    requests: () => requests,
  };
}

afterEach(async () => {
  const closing = server;
  server = undefined;
  if (closing !== undefined) await new Promise((resolve) => closing.close(resolve));
});

type Edge = (url: string, clock: Clock) => { get: () => Promise<unknown> };

/** The same settings for all: six retries, backoff from 0.5 s, jitter fixed at the middle of the window. */
const EDGES: Record<string, Edge> = {
  Bob: (url, clock) => {
    const client = new HibobClient(
      { service_user_id: "SERVICE-USER", service_user_token: "token-for-tests", api_url: url },
      {
        clock,
        random: () => 0.5,
        requestsPerMinute: 0,
        backoff: { baseMs: 500, maxMs: 60_000, maxRetries: 6 },
        maxRateLimitWaitMs: 60_000,
      },
    );
    return { get: () => client.get("/x") };
  },
  ...Object.fromEntries(
    [
      ["SCIM", "The SCIM server", "application/scim+json"],
      ["EasyLlama", "EasyLlama", "application/json"],
    ].map(([name = "", peer = "", mediaType = ""]): [string, Edge] => [
      name,
      (url, clock) => {
        const http = createHttpTarget({
          baseUrl: url,
          urlField: "target.base_url",
          peer,
          authorization: () => Promise.resolve("Bearer token-for-tests"),
          credentialFields: "target.token",
          mediaType,
          timing: { now: () => clock.now(), sleep: (ms) => clock.sleep(ms), random: () => 0.5 },
        });
        return { get: () => http.send({ method: "GET", path: "/x" }) };
      },
    ]),
  ),
};

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.each(Object.keys(EDGES))("the %s edge", (name) => {
  const edge = EDGES[name] ?? EDGES.Bob;
  if (edge === undefined) throw new Error("no edges");

  it("retries 408 and 5xx, honours Retry-After in seconds or as a date, and backs off without one", async () => {
    const peer = await scripted([
      { status: 408 },
      { status: 503, headers: { "retry-after": "2" } },
      { status: 408, headers: { "retry-after": new Date(T0 + 20_000).toUTCString() } },
      // A date already past is no hint: backoff decides.
      { status: 502, headers: { "retry-after": new Date(T0 - 60_000).toUTCString() } },
      { status: 200 },
    ]);
    const clock = startClock(T0);
    await edge(peer.url, clock).get();
    expect(peer.requests()).toBe(5);
    // Backoff on retry 0 (a 0.5 s window: half, plus half the other half); 2 s as asked; until T0 + 20 s; backoff
    // on retry 3 (a 4 s window).
    expect(clock.slept).toEqual([375, 2_000, 20_000 - 2_375, 3_000]);
  });

  it("waits out a 429 until its Retry-After date", async () => {
    const peer = await scripted([
      { status: 429, headers: { "retry-after": new Date(T0 + 7_000).toUTCString() } },
      { status: 200 },
    ]);
    const clock = startClock(T0);
    await edge(peer.url, clock).get();
    expect(clock.slept).toEqual([7_000]);
  });

  it("gives up as transient after the retries", async () => {
    const peer = await scripted([{ status: 408 }]);
    const failure = await failureOf(edge(peer.url, startClock(T0)).get());
    expect(failure).toBeInstanceOf(TransientError);
    expect((failure as Error).message).toMatch(/answered 408 for GET \/x\. Gave up after 7 attempts/);
    expect(peer.requests()).toBe(7);
  });

  it.each([401, 403])("never retries %i: one request, a config error", async (status) => {
    const peer = await scripted([{ status, headers: { "retry-after": "1" } }, { status: 200 }]);
    expect(await failureOf(edge(peer.url, startClock(T0)).get())).toBeInstanceOf(ConfigError);
    expect(peer.requests()).toBe(1);
  });

  it("never retries a 501: the peer does not support the request", async () => {
    const peer = await scripted([{ status: 501 }, { status: 200 }]);
    const outcome = await edge(peer.url, startClock(T0))
      .get()
      .then(
        (answer) => answer,
        (error: unknown) => error,
      );
    // Bob's edge makes it a system error; the targets hand it to the caller, which rejects the record.
    if (name === "Bob") expect(outcome).toBeInstanceOf(SystemError);
    else expect(outcome).toMatchObject({ status: 501 });
    expect(peer.requests()).toBe(1);
  });
});
