import { describe, expect, it } from "vitest";
import { ConfigError, SystemError, TransientError } from "../protocol/index.js";
import { AnswerRetriesExhausted } from "./gave-up.js";
import { virtualClock as startClock } from "../../test/helpers/virtual-clock.js";
import type { Exchange } from "./exchange.js";
import type { HeaderBag } from "./headers.js";
import type { Peer, RetryLoopOptions } from "./retry-loop.js";
import { withRetries } from "./retry-loop.js";

// The loop against scripted exchanges: what it waits, how often it tries and what it throws. The edges' own
// tests drive it through real loopback servers.

const PEER: Peer = {
  name: "The peer",
  urlField: "target.base_url",
  rules: { rateLimitReset: false },
  settings: {
    maxRetries: 2,
    maxRateLimitWaits: 3,
    backoff: { baseMs: 100, capMs: 1_000 },
    maxWaitMs: 10_000,
    budgetMs: 25_000,
  },
  credentialsRefused: (status, what) => `The peer refused the credentials (HTTP ${status} on ${what}).`,
};

const status = (code: number, headers: HeaderBag = {}): Exchange<string> => ({
  kind: "answer",
  status: code,
  headers,
  response: `body ${code}`,
  detail: "",
});
const reset: Exchange<string> = { kind: "network", code: "ECONNRESET", cause: new Error("ECONNRESET") };

/** Plays the exchanges in order (the last repeats) and counts the attempts. */
async function run(script: Exchange<string>[], extra: Partial<RetryLoopOptions> = {}, peer = PEER) {
  const clock = startClock(Date.UTC(2026, 0, 1));
  let attempts = 0;
  const told: number[] = [];
  const result = await withRetries(
    peer,
    "GET /x",
    () => {
      attempts += 1;
      const next = script[Math.min(attempts, script.length) - 1];
      if (next === undefined) throw new Error("empty script");
      return Promise.resolve(next);
    },
    {
      clock,
      random: () => 0,
      onRateLimited: (until) => {
        told.push(until - clock.now());
        return Promise.resolve();
      },
      ...extra,
    },
  ).then(
    (answer) => ({ answer, error: undefined }),
    (error: unknown) => ({ answer: undefined, error }),
  );
  return { ...result, attempts, slept: clock.slept, told };
}

describe("withRetries", () => {
  it("answers a success and a refusal without waiting", async () => {
    expect(await run([status(200)])).toMatchObject({
      answer: { verdict: "success", status: 200, response: "body 200" },
      attempts: 1,
      slept: [],
    });
    expect(await run([status(422)])).toMatchObject({
      answer: { verdict: "refused", status: 422 },
      attempts: 1,
    });
  });

  it("backs off on failures, and takes a Retry-After instead when given", async () => {
    const result = await run([status(503), status(408, { "retry-after": "3" }), status(200)]);
    expect(result).toMatchObject({ answer: { status: 200 }, attempts: 3, slept: [50, 3_000], told: [] });
  });

  it("gives up as transient after the retries, naming the peer and the last answer", async () => {
    const { error, attempts, slept } = await run([reset, status(502)]);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe(
      "The peer answered 502 for GET /x. Gave up after 3 attempts; the next sync will try again.",
    );
    expect(attempts).toBe(3);
    expect(slept).toEqual([50, 100]);
    // The peer answered: the edge can reject the one record with the answer it gave.
    expect(error).toBeInstanceOf(AnswerRetriesExhausted);
    expect(error).toMatchObject({ status: 502 });
  });

  it("gives up without an answer when the peer could not be reached", async () => {
    const { error } = await run([reset]);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).not.toBeInstanceOf(AnswerRetriesExhausted);
  });

  it("counts rate limits apart from failures, and reports each wait", async () => {
    const limited = status(429, { "retry-after": "2" });
    const result = await run([status(500), limited, limited, status(500), limited, status(200)]);
    expect(result).toMatchObject({ answer: { status: 200 }, attempts: 6 });
    expect(result.slept).toEqual([50, 2_000, 2_000, 100, 2_000]);
    expect(result.told).toEqual([2_000, 2_000, 2_000]);

    const storm = await run([limited]);
    expect(storm.error).toBeInstanceOf(TransientError);
    expect(storm.attempts).toBe(4);
  });

  it("fails at once when one wait would be longer than the peer's longest", async () => {
    const { error, slept, told } = await run([status(429, { "retry-after": "11" })]);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(
      /answered 429 .* a wait of 11 s, longer than the 10 s a request waits/,
    );
    expect(slept).toEqual([]);
    expect(told).toEqual([]);
  });

  it("stops when the waits together would pass the budget", async () => {
    const { error, slept } = await run([
      status(503, { "retry-after": "9" }),
      status(429, { "retry-after": "9" }),
    ]);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/18 s spent waiting, and 9 s more would pass the 25 s/);
    expect(slept).toEqual([9_000, 9_000]);
  });

  it("never retries refused credentials; a 401 may refresh them once", async () => {
    const refused = await run([status(403), status(200)]);
    expect(refused.error).toBeInstanceOf(ConfigError);
    expect((refused.error as Error).message).toBe("The peer refused the credentials (HTTP 403 on GET /x).");
    expect(refused.attempts).toBe(1);
    const proxy = await run([status(407), status(200)]);
    expect(proxy.error).toBeInstanceOf(ConfigError);
    expect((proxy.error as Error).message).toMatch(/through the proxy: .*HTTP 407 on GET \/x.*HTTPS_PROXY/);

    let refreshes = 0;
    const refreshCredentials = () => {
      refreshes += 1;
      return Promise.resolve(true);
    };
    expect((await run([status(401), status(200)], { refreshCredentials })).answer?.status).toBe(200);
    const twice = await run([status(401)], { refreshCredentials });
    expect(twice.error).toBeInstanceOf(ConfigError);
    expect(twice.attempts).toBe(2);
    expect(refreshes).toBe(2);
    expect(twice.slept).toEqual([]);
  });

  it("names the URL field for a host that does not exist, and fails the unknown as a system error", async () => {
    const missing = await run([{ kind: "network", code: "ENOTFOUND", cause: new Error("ENOTFOUND") }]);
    expect(missing.error).toBeInstanceOf(ConfigError);
    expect((missing.error as Error).message).toBe(
      "The peer's host could not be found (ENOTFOUND on GET /x): check 'target.base_url'.",
    );
    const odd = await run([{ kind: "network", code: "EPROTO", cause: new Error("EPROTO") }]);
    expect(odd.error).toBeInstanceOf(SystemError);
    expect(odd.attempts).toBe(1);
  });
});
