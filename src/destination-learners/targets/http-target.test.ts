import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { ConfigError, TransientError } from "../../protocol/index.js";
import type { HttpTargetOptions } from "./http-target.js";
import { createHttpTarget } from "./http-target.js";

// Classification and timing have their own table tests in src/http; these drive the targets' edge through a
// real server.

describe("createHttpTarget against a real server", () => {
  let scim: ScimEmulator;
  const waits: number[] = [];
  let now = Date.UTC(2026, 0, 1);
  const target = (overrides: Partial<HttpTargetOptions> = {}) =>
    createHttpTarget({
      baseUrl: scim.baseUrl,
      urlField: "target.base_url",
      peer: "The SCIM server",
      authorization: () => Promise.resolve(`Bearer ${scim.token}`),
      credentialFields: "target.token",
      mediaType: "application/scim+json",
      timing: {
        // Sleeping moves the clock, so a Retry-After waited out has passed for the pace's hold too.
        now: () => now,
        sleep: (ms) => {
          waits.push(ms);
          now += ms;
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
    expect((failure as Error).message).toMatch(
      /^The SCIM server answered 500 for GET \/Users\. Gave up after 7 attempts/,
    );
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
