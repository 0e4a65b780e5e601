import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  decodeFingerprints,
  encodeFingerprints,
  fingerprint,
  SnapshotDiff,
} from "./fingerprint.js";

const employee = {
  id: "3332883884017713938",
  email: "ana@example.com",
  avatarUrl: "https://cdn/a.png?sig=1",
  work: {
    title: "261454635",
    department: null,
    tenureDurationYears: 3.2,
    tenureDuration: { periodISO: "P3Y" },
  },
  humanReadable: { work: { title: "Engineer", tenureDurationYears: "3 years" }, avatarUrl: "x" },
};

describe("fingerprint", () => {
  it("does not depend on key order", () => {
    const reordered = {
      work: { department: null, title: "261454635" },
      email: "ana@example.com",
      id: "3332883884017713938",
    };
    const plain = {
      id: "3332883884017713938",
      email: "ana@example.com",
      work: { title: "261454635", department: null },
    };
    expect(fingerprint(reordered)).toBe(fingerprint(plain));
  });

  it("ignores volatile fields: tenure counters and signed avatar URLs, in both forms", () => {
    const nextDay = structuredClone(employee);
    nextDay.avatarUrl = "https://cdn/a.png?sig=2";
    nextDay.work.tenureDurationYears = 3.3;
    nextDay.work.tenureDuration.periodISO = "P3Y1D";
    nextDay.humanReadable.work.tenureDurationYears = "3 years 1 day";
    nextDay.humanReadable.avatarUrl = "y";
    expect(fingerprint(nextDay)).toBe(fingerprint(employee));
  });

  it("changes with any real edit, a null becoming a value included", () => {
    const promoted = structuredClone(employee);
    promoted.humanReadable.work.title = "Senior Engineer";
    const moved = { ...employee, work: { ...employee.work, department: "42" } };
    expect(new Set([fingerprint(employee), fingerprint(promoted), fingerprint(moved)]).size).toBe(3);
  });

  it("is 12 url-safe characters, keeping state under 48 bytes an employee", () => {
    const print = fingerprint(employee);
    expect(print).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(JSON.stringify({ [employee.id]: print }).length - 2 + 1).toBeLessThan(48);
  });

  it("keeps 19-digit ids and dates exactly as text", () => {
    expect(canonicalJson({ id: "3332883884017713938", startDate: "2026-09-06" })).toBe(
      '{"id":"3332883884017713938","startDate":"2026-09-06"}',
    );
  });
});

describe("SnapshotDiff", () => {
  it("classifies new, changed and unchanged employees and finds the vanished ones", () => {
    const diff = new SnapshotDiff(
      new Map([
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
      ]),
    );
    expect([diff.observe("a", "1"), diff.observe("b", "9"), diff.observe("d", "4")]).toEqual([
      "unchanged",
      "changed",
      "new",
    ]);
    expect(diff.vanished()).toEqual(["c"]);
    expect(diff.fingerprints()).toEqual(
      new Map([
        ["a", "1"],
        ["b", "9"],
        ["d", "4"],
      ]),
    );
    expect(diff.merged()).toEqual(
      new Map([
        ["a", "1"],
        ["b", "9"],
        ["c", "3"],
        ["d", "4"],
      ]),
    );
    expect(diff.seen).toBe(3);
  });

  it("treats everyone as new on a first sync", () => {
    const diff = new SnapshotDiff();
    expect(diff.observe("a", "1")).toBe("new");
    expect(diff.vanished()).toEqual([]);
  });
});

describe("fingerprints in state", () => {
  const prints = new Map([
    ["3332883884017713938", "AbCd-_12xyZ0"],
    ["1000000000000000001", "zzzzzzzzzzzz"],
  ]);

  it("round-trip through one compact string, sorted when asked", () => {
    const text = encodeFingerprints(prints, true);
    expect(text).toBe("1000000000000000001:zzzzzzzzzzzz,3332883884017713938:AbCd-_12xyZ0");
    expect(text.length / prints.size).toBeLessThan(48);
    expect(decodeFingerprints(text)).toEqual(prints);
    expect(decodeFingerprints("")).toEqual(new Map());
  });

  it.each(["abc", "1:", ":x", "1:a,,2:b", "1:a b"])("refuses %j", (text) => {
    expect(decodeFingerprints(text)).toBeUndefined();
  });
});
