import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { emulatorConfig } from "../../test/helpers/read-source.js";
import { employeeRecord } from "./employee-record.js";
import { FIELD_GROUP_IDS } from "./field-groups.js";
import { searchPeople } from "./people-search.js";
import { createRun } from "./run.js";
import { selectFields } from "./selection.js";
import {
  canonicalJson,
  decodeFingerprints,
  encodeFingerprints,
  fingerprint,
  SnapshotDiff,
  VOLATILE_FIELDS,
  volatility,
} from "./fingerprint.js";

/**
 * The canonical form as first written, one path string and one regex test per key: the state holds prints made
 * this way, so the streaming implementation must give exactly the same text.
 */
function referenceCanonicalJson(value: unknown, path = "", extra: readonly string[] = []): string {
  const fixed = [...VOLATILE_FIELDS, ...extra];
  const volatilePaths = new Set([...fixed, ...fixed.map((p) => `humanReadable.${p}`)]);
  const isVolatile = (p: string) => volatilePaths.has(p) || /(^|\.)work\.tenureDuration/.test(p);
  if (Array.isArray(value))
    return `[${value.map((item) => referenceCanonicalJson(item, path, extra)).join(",")}]`;
  if (value === undefined) return "null";
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  const entries = Object.keys(object)
    .sort()
    .flatMap((key) => {
      const childPath = path === "" ? key : `${path}.${key}`;
      return isVolatile(childPath)
        ? []
        : [`${JSON.stringify(key)}:${referenceCanonicalJson(object[key], childPath, extra)}`];
    });
  return `{${entries.join(",")}}`;
}

function referenceFingerprint(record: Readonly<Record<string, unknown>>): string {
  return createHash("sha256").update(referenceCanonicalJson(record)).digest("base64url").slice(0, 12);
}

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

  it("leaves out fields that tick by themselves by their metadata type, ids the fixed list does not name", () => {
    const salaryChange = (days: number, humanize: string) => ({
      id: "3332883884017713938",
      payroll: {
        salary: { payment: { value: 55000, currency: "GBP" } },
        timeSinceLastSalaryChange: { periodISO: `P${days}D`, sortFactor: days, humanize },
      },
      humanReadable: { payroll: { salary: { payment: "£55,000.00" }, timeSinceLastSalaryChange: humanize } },
    });
    const today = salaryChange(40, "1 month and 9 days");
    const tomorrow = salaryChange(41, "1 month and 10 days");
    expect(VOLATILE_FIELDS).not.toContain("payroll.timeSinceLastSalaryChange");
    expect(fingerprint(tomorrow)).not.toBe(fingerprint(today));
    const fields = [
      { id: "payroll.salary.payment", type: "currency" },
      { id: "payroll.timeSinceLastSalaryChange", type: "period" },
    ];
    const volatile = volatility(fields);
    expect(fingerprint(tomorrow, volatile)).toBe(fingerprint(today, volatile));
    expect(canonicalJson(today, volatile)).not.toContain("timeSinceLastSalaryChange");
    // The fixed list still applies: a number counting years is no period.
    expect(canonicalJson({ personal: { age: 40 } }, volatile)).toBe('{"personal":{}}');
    const raised = structuredClone(today);
    raised.payroll.salary.payment.value = 60000;
    expect(fingerprint(raised, volatile)).not.toBe(fingerprint(today, volatile));
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

describe("fingerprint, as first written", () => {
  let emulator: HibobEmulator;

  beforeAll(async () => {
    emulator = await startHibobEmulator({
      employees: 40,
      seed: 7,
      rateLimits: false,
      serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true } }],
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("gives the same text and prints as the reference for every employee the emulator serves", async () => {
    // Every field group, so tenure, age and avatar fields are there to be left out.
    const config = emulatorConfig(emulator.baseUrl, { field_groups: [...FIELD_GROUP_IDS] });
    const run = createRun(config, { requestsPerMinute: 0 });
    const { ids, fields } = selectFields(config, await run.fieldMetadata());
    const employees = await searchPeople(run.api(), { fields: ids, showInactive: true, humanReadable: true });
    expect(employees.length).toBeGreaterThan(30);
    const records = employees.map(employeeRecord);
    expect(JSON.stringify(records)).toContain("tenureDuration");
    // With volatility from metadata too: the period fields, payroll.timeSinceLastSalaryChange among them.
    const byType = fields.filter((f) => f.type === "period").map((f) => f.id);
    expect(byType).toContain("payroll.timeSinceLastSalaryChange");
    const volatile = volatility(fields);
    for (const record of records) {
      expect(canonicalJson(record)).toBe(referenceCanonicalJson(record));
      expect(fingerprint(record)).toBe(referenceFingerprint(record));
      expect(canonicalJson(record, volatile)).toBe(referenceCanonicalJson(record, "", byType));
    }
  });

  it.each([
    [
      "keys holding dots",
      {
        "work.tenureDurationX": 1,
        a: { "work.tenureDuration": 2, "b.c": { work: { tenureDurationY: 3, z: 4 } } },
      },
    ],
    [
      "tenure at any depth, in arrays",
      { x: [{ work: { tenureDuration2: 1, title: "t" } }, 2, null], work: { tenure: 5 } },
    ],
    [
      "volatile names off their paths",
      { personal: { x: { age: 1 } }, age: 2, about: { avatar: 3, avatarUrl: 4 } },
    ],
    [
      "empty and odd values",
      { a: {}, b: [], c: [[], {}], d: undefined, e: [undefined], f: -0, g: 1e21, h: '\u2028\ud83d\ude00"' },
    ],
    [
      "long text crossing hash chunks",
      { notes: Array.from({ length: 50 }, (_, i) => "é😀".repeat(100 + i)) },
    ],
  ])("gives the reference text with %s", (_, value: Record<string, unknown>) => {
    expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    expect(fingerprint(value)).toBe(referenceFingerprint(value));
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
    expect(diff.encodeMerged()).toBe(encodeFingerprints(diff.merged()));
  });

  it("treats everyone as new on a first sync", () => {
    const diff = new SnapshotDiff();
    expect(diff.observe("a", "1")).toBe("new");
    expect(diff.vanished()).toEqual([]);
    expect(diff.encodeMerged()).toBe("a:1");
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
