import { describe, expect, it } from "vitest";
import { addDays, isCalendarDate } from "./calendar-date.js";

describe("isCalendarDate", () => {
  it.each([
    ["2026-02-28", true],
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-02-30", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    [" 2026-01-01", false],
    ["2026-01-01T00:00:00", false],
  ])("%s → %s", (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-03-01", -1, "2026-02-28"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2026-01-01", -1, "2025-12-31"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-03-29", 1, "2026-03-30"], // a DST weekend in Europe changes nothing
    ["2026-05-10", 0, "2026-05-10"],
    ["2026-05-10", -30, "2026-04-10"],
  ])("%s + %i → %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it("refuses what is not a date", () => {
    expect(() => addDays("soon", 1)).toThrow(RangeError);
  });
});
