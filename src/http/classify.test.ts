import { describe, expect, it } from "vitest";
import type { Outcome, PeerRules, Verdict } from "./classify.js";
import { classify } from "./classify.js";
import type { HeaderBag } from "./headers.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
const BOB: PeerRules = { rateLimitReset: true };
const TARGET: PeerRules = { rateLimitReset: false };

const answer = (status: number, headers: HeaderBag = {}): Outcome => ({ kind: "answer", status, headers });
const network = (code: string | undefined): Outcome => ({ kind: "network", code });
const retry = (waitMs?: number): Verdict => ({ kind: "retry", waitMs });
const limited = (waitMs?: number): Verdict => ({ kind: "rate_limited", waitMs });
const REFUSED: Verdict = { kind: "refused" };
const SUCCESS: Verdict = { kind: "success" };
const CREDENTIALS: Verdict = { kind: "config", problem: "credentials" };

describe("classify: the same table for every peer", () => {
  it.each<[string, Outcome, Verdict]>([
    ["200", answer(200), SUCCESS],
    ["204", answer(204), SUCCESS],
    ["401", answer(401), CREDENTIALS],
    ["403", answer(403), CREDENTIALS],
    ["407 (a proxy wants credentials)", answer(407), CREDENTIALS],
    ["401 with Retry-After is still never retried", answer(401, { "retry-after": "1" }), CREDENTIALS],
    ["408", answer(408), retry()],
    ["408 with Retry-After", answer(408, { "retry-after": "4" }), retry(4_000)],
    ["500", answer(500), retry()],
    ["502", answer(502), retry()],
    ["503 with Retry-After seconds", answer(503, { "retry-after": "2" }), retry(2_000)],
    [
      "503 with a Retry-After date",
      answer(503, { "retry-after": "Thu, 01 Jan 2026 12:00:30 GMT" }),
      retry(30_000),
    ],
    [
      "503 with a past Retry-After date: no hint",
      answer(503, { "retry-after": "Thu, 01 Jan 2026 11:00:00 GMT" }),
      retry(),
    ],
    ["503 with garbage Retry-After: no hint", answer(503, { "retry-after": "soon" }), retry()],
    ["504", answer(504), retry()],
    ["501 (not supported)", answer(501), REFUSED],
    ["505 (version not supported)", answer(505), REFUSED],
    ["400", answer(400), REFUSED],
    ["404", answer(404), REFUSED],
    ["409", answer(409), REFUSED],
    ["422", answer(422), REFUSED],
    ["301 (redirects are the edge's)", answer(301), REFUSED],
    ["429 without hints", answer(429), limited()],
    ["429 with Retry-After", answer(429, { "retry-after": "7" }), limited(7_000)],
    ["ECONNRESET", network("ECONNRESET"), retry()],
    ["ECONNREFUSED", network("ECONNREFUSED"), retry()],
    ["ECONNABORTED (an axios timeout)", network("ECONNABORTED"), retry()],
    ["ETIMEDOUT", network("ETIMEDOUT"), retry()],
    ["EAI_AGAIN (the resolver did not answer)", network("EAI_AGAIN"), retry()],
    ["ERR_BAD_RESPONSE (a body cut off mid-stream)", network("ERR_BAD_RESPONSE"), retry()],
    ["ENOTFOUND (no such host)", network("ENOTFOUND"), { kind: "config", problem: "host" }],
    ["a TLS failure", network("CERT_HAS_EXPIRED"), { kind: "system" }],
    ["an error without a code", network(undefined), { kind: "system" }],
    ["a 2xx cut off or not JSON", { kind: "unreadable" }, retry()],
  ])("%s", (_name, outcome, verdict) => {
    expect(classify(outcome, BOB, NOW)).toEqual(verdict);
    expect(classify(outcome, TARGET, NOW)).toEqual(verdict);
  });
});

describe("classify: X-RateLimit-Reset, for the peers that send it (Bob)", () => {
  it.each<[string, HeaderBag, number | undefined, number | undefined]>([
    [
      "a reset 30 s ahead waits until it, plus a second",
      { "x-ratelimit-reset": String(NOW_S + 30) },
      31_000,
      undefined,
    ],
    ["a reset now waits the margin", { "x-ratelimit-reset": String(NOW_S) }, 1_000, undefined],
    [
      "a reset a little past (clocks differ) waits the margin",
      { "x-ratelimit-reset": String(NOW_S - 20) },
      1_000,
      undefined,
    ],
    ["a reset long past is no hint", { "x-ratelimit-reset": "1000" }, undefined, undefined],
    [
      "the reset wins over Retry-After",
      { "x-ratelimit-reset": String(NOW_S + 30), "retry-after": "5" },
      31_000,
      5_000,
    ],
    ["Retry-After when there is no reset", { "retry-after": "5" }, 5_000, 5_000],
    [
      "an unreadable reset falls back to Retry-After",
      { "x-ratelimit-reset": "soon", "retry-after": "5" },
      5_000,
      5_000,
    ],
  ])("%s", (_name, headers, bobWait, targetWait) => {
    expect(classify(answer(429, headers), BOB, NOW)).toEqual(limited(bobWait));
    expect(classify(answer(429, headers), TARGET, NOW)).toEqual(limited(targetWait));
  });
});
