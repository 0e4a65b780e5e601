import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { ConfigError, TransientError } from "../../protocol/index.js";
import type { HttpTargetOptions } from "./http-retry.js";
import {
  createHttpTarget,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
} from "./http-retry.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("parseRetryAfter", () => {
  it.each([
    [undefined, undefined],
    ["1", 1000],
    [" 120 ", 120_000],
    ["0", 0],
    ["Thu, 01 Jan 2026 12:00:30 GMT", 30_000],
    ["Thu, 01 Jan 2026 11:00:00 GMT", 0],
    ["soon", undefined],
    ["-5", undefined],
  ])("%j → %j ms", (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe("retryDelay", () => {
  const policy = DEFAULT_RETRY_POLICY;
  it.each([
    { retry: 0, after: undefined, random: 0, expected: 250 },
    { retry: 0, after: undefined, random: 0.999, expected: 500 },
    { retry: 3, after: undefined, random: 0.5, expected: 3000 },
    { retry: 5, after: undefined, random: 1, expected: 16_000 },
    { retry: 0, after: 1000, random: 0.9, expected: 1000 },
    { retry: 5, after: 60_000, random: 0, expected: 60_000 },
    { retry: 0, after: 61_000, random: 0, expected: undefined },
    { retry: 6, after: undefined, random: 0, expected: undefined },
    { retry: 6, after: 1000, random: 0, expected: undefined },
  ])("retry $retry, Retry-After $after ms → $expected ms", ({ retry, after, random, expected }) => {
    expect(retryDelay(retry, after, policy, () => random)).toBe(expected);
  });

  it("caps backoff at the longest single wait", () => {
    expect(retryDelay(20, undefined, { ...policy, maxRetries: 30 }, () => 1)).toBe(60_000);
  });
});

describe("isRetryableStatus", () => {
  it.each([
    [200, false],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])("%i → %s", (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

describe("createHttpTarget against a real server", () => {
  let scim: ScimEmulator;
  const waits: number[] = [];
  const target = (overrides: Partial<HttpTargetOptions> = {}) =>
    createHttpTarget({
      baseUrl: scim.baseUrl,
      urlField: "target.base_url",
      peer: "The SCIM server",
      authorization: () => Promise.resolve(`Bearer ${scim.token}`),
      credentialFields: "target.token",
      mediaType: "application/scim+json",
      timing: {
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
        random: () => 0.5,
      },
      ...overrides,
    });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeAll(async () => {
    scim = await startScimEmulator();
  });
  afterAll(async () => {
    await scim.close();
  });
  beforeEach(() => {
    scim.reset();
    waits.length = 0;
  });

  it("rides out gateway errors, resets and a 429 with Retry-After", async () => {
    scim.setFaults([
      { kind: "502", count: 1 },
      { kind: "reset", count: 1 },
      { kind: "429", count: 1, retryAfterSeconds: 3 },
    ]);
    const answer = await target().send({ method: "GET", path: "/Users" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ totalResults: 0 });
    expect(waits).toEqual([375, 750, 3000]);
    expect(scim.requests().total).toBe(4);
  });

  it("answers per-record statuses instead of throwing", async () => {
    const answer = await target().send({ method: "GET", path: "/Users/nobody" });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ status: "404" });
  });

  it("gives up as transient after the retry budget", async () => {
    scim.setFaults([{ kind: "500", count: 50 }]);
    const failure = await failureOf(target().send({ method: "GET", path: "/Users" }));
    expect(failure).toBeInstanceOf(TransientError);
    expect((failure as Error).message).toContain("after 7 attempts");
    expect(waits).toHaveLength(6);
  });

  it("gives up at once when Retry-After asks for more than the longest wait", async () => {
    scim.setFaults([{ kind: "429", count: 1, retryAfterSeconds: 3600 }]);
    expect(await failureOf(target().send({ method: "GET", path: "/Users" }))).toBeInstanceOf(TransientError);
    expect(waits).toEqual([]);
  });

  it("never retries a refused credential, and never shows it", async () => {
    let refreshes = 0;
    const wrong = target({
      authorization: () => Promise.resolve("Bearer sup3r-s3cret"),
      onUnauthorized: () => {
        refreshes += 1;
        return Promise.resolve(true);
      },
    });
    const failure = await failureOf(wrong.send({ method: "GET", path: "/Users" }));
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toMatch(/HTTP 401 .*Check target\.token/);
    expect(`${String(failure)} ${JSON.stringify(failure)}`).not.toContain("sup3r-s3cret");
    // One fresh-credential try, then stop.
    expect(refreshes).toBe(1);
    expect(scim.requests().total).toBe(2);
    expect(waits).toEqual([]);
  });
});
