// The field catalogue's round-2 quirks, over real HTTP: fields metadata lists but search never returns, fields
// that move with the business date, ids with spaces, a field moved to another category, View-and-Edit fields.

import { afterEach, describe, expect, it } from "vitest";
import { CUSTOM_CATEGORY, CUSTOM_FIELDS } from "./custom.js";
import type { EmulatorOptions, HibobEmulator, ServiceUserOptions } from "./index.js";
import { ALL_PERMISSIONS, basicAuthHeader, startHibobEmulator } from "./index.js";

const TODAY = "2026-03-02";
let emu: HibobEmulator | undefined;

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(options: EmulatorOptions = {}): Promise<HibobEmulator> {
  emu = await startHibobEmulator({ employees: 200, seed: 9, today: TODAY, rateLimits: false, ...options });
  return emu;
}

type Person = Record<string, unknown>;
type Field = Record<string, unknown>;

async function metadata(e: HibobEmulator): Promise<Field[]> {
  const res = await fetch(`${e.baseUrl}/company/people/fields`, {
    headers: { authorization: basicAuthHeader("emulator", "emulator-token") },
  });
  return (await res.json()) as Field[];
}

async function search(
  e: HibobEmulator,
  fields: readonly string[],
  user: [string, string] = ["emulator", "emulator-token"],
): Promise<Person[]> {
  const res = await fetch(`${e.baseUrl}/people/search`, {
    method: "POST",
    headers: { authorization: basicAuthHeader(...user), "content-type": "application/json" },
    body: JSON.stringify({ fields, showInactive: true, humanReadable: "APPEND" }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { employees: Person[] }).employees;
}

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

describe("fields metadata lists that people search never returns", () => {
  it("lists the Actual payments fields under payroll, and search leaves them out with 200", async () => {
    const e = await start();
    const actual = (await metadata(e)).filter((f) => String(f.id).startsWith("actualPayment."));
    expect(actual.map((f) => f.id)).toEqual([
      "actualPayment.payDate",
      "actualPayment.payType",
      "actualPayment.amount",
    ]);
    for (const f of actual)
      expect(f).toMatchObject({ categoryId: "payroll", categoryDisplayName: "Payroll" });
    const people = await search(e, ["root.id", "payroll.salary.payment", ...actual.map((f) => String(f.id))]);
    expect(people.length).toBeGreaterThan(100);
    for (const p of people) {
      expect(JSON.stringify(p)).not.toContain("actualPayment");
      expect(p).toHaveProperty("payroll.salary.payment");
    }
  });
});

describe("fields that change by themselves", () => {
  it("payroll.timeSinceLastSalaryChange is a period that ticks with the business date", async () => {
    const e = await start();
    const field = (await metadata(e)).find((f) => f.id === "payroll.timeSinceLastSalaryChange");
    expect(field).toMatchObject({ type: "period", categoryId: "payroll", typeData: {} });
    const read = async () =>
      new Map(
        (await search(e, ["root.id", "payroll.timeSinceLastSalaryChange"])).map((p) => [
          String(p.id),
          { machine: at(p, ["payroll", "timeSinceLastSalaryChange"]), human: p.humanReadable },
        ]),
      );
    const before = await read();
    e.passDays({
      updates: 0,
      hires: 0,
      terminations: 0,
      rehires: 0,
      deletions: 0,
      emailChanges: 0,
      timeOffRequests: 0,
    });
    const after = await read();
    let ticked = 0;
    for (const [id, { machine }] of before) {
      if (machine === null) continue;
      expect(machine).toEqual({
        periodISO: expect.stringMatching(/^P/) as unknown,
        sortFactor: expect.any(Number) as unknown,
        humanize: expect.any(String) as unknown,
      });
      const next = after.get(id)?.machine as { sortFactor: number } | undefined;
      expect(next?.sortFactor).toBe((machine as { sortFactor: number }).sortFactor + 1);
      ticked += 1;
    }
    expect(ticked).toBeGreaterThan(100);
  });
});

describe("field ids with spaces", () => {
  const bonus = "payroll.variable.Executive bonus.amount";
  const car = "payroll.entitlement.Company Car.amount";

  it("are listed, requested and nested by their segments, slash keys included", async () => {
    const e = await start();
    const ids = (await metadata(e)).map((f) => String(f.id));
    expect(ids).toEqual(expect.arrayContaining([bonus, car]));
    const people = await search(e, ["root.id", bonus, car]);
    const withBonus = people.filter(
      (p) => at(p, ["payroll", "variable", "Executive bonus", "amount"]) !== null,
    );
    expect(withBonus.length).toBeGreaterThan(0);
    expect(withBonus.length).toBeLessThan(people.length);
    const [first] = withBonus;
    expect(first?.["/payroll/variable/Executive bonus/amount"]).toEqual({
      value: at(first, ["payroll", "variable", "Executive bonus", "amount"]),
    });
    expect(at(first, ["payroll", "variable", "Executive bonus", "amount"])).toEqual({
      value: expect.any(Number) as unknown,
      currency: expect.stringMatching(/^[A-Z]{3}$/) as unknown,
    });
    expect(people.some((p) => at(p, ["payroll", "entitlement", "Company Car", "amount"]) !== null)).toBe(
      true,
    );
  });
});

describe("a field moved to another category", () => {
  const moved = CUSTOM_FIELDS.forkliftLicence;

  it("keeps its work.* id, while metadata and permission follow its new category", async () => {
    const e = await start({
      serviceUsers: [
        { id: "no-custom", token: "t", permissions: ALL_PERMISSIONS.filter((p) => p !== CUSTOM_CATEGORY.id) },
        { id: "custom-only", token: "t", permissions: ["root", CUSTOM_CATEGORY.id] },
        { id: "emulator", token: "emulator-token" },
      ],
    });
    expect(moved).toMatch(/^work\.custom\.field_\d+$/);
    expect((await metadata(e)).find((f) => f.id === moved)).toMatchObject({
      categoryId: CUSTOM_CATEGORY.id,
      categoryDisplayName: CUSTOM_CATEGORY.name,
      jsonPath: moved,
    });
    const hidden = await search(e, ["root.id", "work.title", moved], ["no-custom", "t"]);
    for (const p of hidden) expect(p).not.toHaveProperty(["work", "custom"]);
    const shown = await search(e, ["root.id", "work.title", moved], ["custom-only", "t"]);
    for (const p of shown) {
      expect(p).not.toHaveProperty("work.title");
      expect(p).toHaveProperty(moved);
    }
  });
});

describe("fields that need View and Edit", () => {
  const users: ServiceUserOptions[] = [
    { id: "view", token: "t", permissions: ["root", "personal", "identification"], edits: [] },
    { id: "edit", token: "t", permissions: ["root", "personal", "identification"] },
    { id: "emulator", token: "emulator-token" },
  ];
  const fields = [
    "root.id",
    "personal.shortBirthDate",
    "personal.birthDate",
    "personal.age",
    "identification.nationalId",
  ];

  it("are returned only when the permission group may edit their category as well as view it", async () => {
    const e = await start({ serviceUsers: users });
    const meta = await metadata(e);
    expect(meta.find((f) => f.id === "identification.nationalId")).toMatchObject({
      type: "ssn",
      categoryId: "identification",
      categoryDisplayName: "Identification",
    });
    const viewOnly = await search(e, fields, ["view", "t"]);
    for (const p of viewOnly) {
      expect(p).toHaveProperty("personal.shortBirthDate");
      expect(p).not.toHaveProperty("personal.birthDate");
      expect(p).not.toHaveProperty("personal.age");
      expect(p).not.toHaveProperty("identification");
    }
    const viewAndEdit = await search(e, fields, ["edit", "t"]);
    for (const p of viewAndEdit) {
      expect(p).toHaveProperty("personal.birthDate");
      expect(p).toHaveProperty("personal.age");
      expect(p).toHaveProperty("identification.nationalId");
    }
  });
});
