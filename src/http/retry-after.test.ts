import { describe, expect, it } from "vitest";
import { parseHttpDate, parseRetryAfter } from "./retry-after.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("parseRetryAfter (RFC 9110 §10.2.3)", () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ["0", 0],
    ["1", 1_000],
    [" 120 ", 120_000],
    ["Thu, 01 Jan 2026 12:00:30 GMT", 30_000],
    ["Thu, 01 Jan 2026 12:00:00 GMT", 0],
    ["Thursday, 01-Jan-26 12:01:00 GMT", 60_000],
    ["Thu Jan  1 12:00:05 2026", 5_000],
    // A date already past is the server's clock being off: no hint, so backoff decides.
    ["Thu, 01 Jan 2026 11:00:00 GMT", undefined],
    ["-5", undefined],
    ["1.5", undefined],
    ["soon", undefined],
    ["", undefined],
    ["2026-01-01T12:00:30Z", undefined],
    ["Thu, 31 Feb 2026 12:00:30 GMT", undefined],
    ["Thu, 01 Jan 2026 25:00:00 GMT", undefined],
  ])("%j → %j ms", (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe("parseHttpDate", () => {
  it("reads the three forms of RFC 9110 §5.6.7 as the same instant", () => {
    const at = Date.UTC(1994, 10, 6, 8, 49, 37);
    const now = Date.UTC(2026, 0, 1);
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(at);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(at);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994", now)).toBe(at);
  });

  it("takes a two-digit year more than 50 years ahead as the last century's", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(new Date(parseHttpDate("Friday, 01-Jan-76 00:00:00 GMT", now) ?? 0).getUTCFullYear()).toBe(2076);
    expect(new Date(parseHttpDate("Friday, 01-Jan-77 00:00:00 GMT", now) ?? 0).getUTCFullYear()).toBe(1977);
  });
});
