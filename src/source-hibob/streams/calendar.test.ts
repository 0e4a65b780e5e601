import { describe, expect, it } from "vitest";
import { addMonths, isBobTimestamp, later, monthWindows } from "./calendar.js";

const ms = (iso: string): number => Date.parse(iso);
const iso = (epoch: number): string => new Date(epoch).toISOString();

describe("calendar", () => {
  it.each([
    ["2025-08-17T18:29:10.408597", true],
    ["2025-08-17T18:29:10", true],
    ["2025-08-17T18:29:10.4", true],
    ["2025-08-17T24:00:00", false],
    ["2025-02-30T10:00:00", false],
    ["2025-08-17T18:29:10Z", false],
    ["2025-08-17", false],
  ])("Bob timestamp %s → %s", (value, valid) => {
    expect(isBobTimestamp(value)).toBe(valid);
  });

  it.each([
    ["2026-01-31T10:00:00.000Z", 1, "2026-02-28T10:00:00.000Z"],
    ["2024-01-31T10:00:00.000Z", 1, "2024-02-29T10:00:00.000Z"],
    ["2025-08-31T23:59:59.999Z", 6, "2026-02-28T23:59:59.999Z"],
    ["2026-08-31T12:00:00.000Z", -6, "2026-02-28T12:00:00.000Z"],
    ["2025-11-15T00:00:00.000Z", 6, "2026-05-15T00:00:00.000Z"],
  ])("addMonths(%s, %i) → %s", (from, months, expected) => {
    expect(iso(addMonths(ms(from), months))).toBe(expected);
  });

  it.each([
    ["2025-01-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", ["2025-01-01", "2025-07-01", "2026-01-01"]],
    ["2025-08-31T00:00:00.000Z", "2026-03-15T00:00:00.000Z", ["2025-08-31", "2026-02-28"]],
    ["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", ["2026-01-01"]],
    ["2026-01-02T00:00:00.000Z", "2026-01-01T00:00:00.000Z", []],
    ["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", []],
  ])("monthWindows(%s, %s) start at %j, chained, ending at `to`", (from, to, starts) => {
    const windows = monthWindows(ms(from), ms(to), 6);
    expect(windows.map((w) => iso(w.from).slice(0, 10))).toEqual(starts);
    windows.forEach((w, i) => {
      expect(w.to).toBeGreaterThan(w.from);
      expect(w.to).toBeLessThanOrEqual(addMonths(w.from, 6));
      expect(w.to).toBe(windows[i + 1]?.from ?? ms(to));
    });
  });

  it.each([
    ["2026-01-02", "2026-01-01", "2026-01-02"],
    ["2026-01-01", "2026-01-02", "2026-01-02"],
    [null, "2026-01-01", "2026-01-01"],
    ["2026-01-01", undefined, "2026-01-01"],
    [null, null, undefined],
  ])("later(%s, %s) → %s", (a, b, expected) => {
    expect(later(a, b)).toBe(expected);
  });
});
