import { afterEach, describe, expect, it } from "vitest";
import { startLeave } from "@hibob-learners/hibob-emulator";
import { lifecycleStatus } from "@hibob-learners/hibob-emulator";
import { ALL_PERMISSIONS, startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { ConfigError } from "../protocol/index.js";
import { emulatorConfig } from "../../test/helpers/read-source.js";
import { checkConnection, inspectConnection } from "./check.js";
import { createRun } from "./run.js";

let emulator: HibobEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface User {
  permissions?: readonly string[];
  edits?: readonly string[];
  scope?: { terminated?: boolean };
}

async function check(user: User = {}, overrides: Record<string, unknown> = {}) {
  return checkConnection(await emulatorRun(user, overrides));
}

async function emulatorRun(user: User, overrides: Record<string, unknown> = {}) {
  emulator = await startHibobEmulator({
    employees: 40,
    seed: 7,
    rateLimits: false,
    serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true }, ...user }],
  });
  // Someone on leave, so that a scope including Leave shows it (a company with nobody on leave draws a warning).
  const { company } = emulator;
  const employed = company.employees.find((e) => lifecycleStatus(e, company.today) === "employed");
  if (employed !== undefined) startLeave(company, employed);
  return createRun(emulatorConfig(emulator.baseUrl, overrides), { requestsPerMinute: 0 });
}

describe("check", () => {
  it("answers FAILED naming Basic info's ID and the fix when Bob sends employees without ids", async () => {
    const status = await check({ permissions: [] });
    expect(status.status).toBe("FAILED");
    expect(status.message).toContain("cannot read Basic info › ID (root.id)");
    expect(status.message).toContain("grant the Basic info category");
    expect(status.message).toContain("Permission groups");
    expect(status.message).toContain("about 10 seconds");
  });

  it("succeeds when every selected field is readable and leavers are in scope", async () => {
    expect(await check()).toEqual({ status: "SUCCEEDED" });
  });

  it("names every field the permission group hides, the way it must be ticked", async () => {
    const without = new Set(["employment", "home", "personalContact"]);
    const status = await check({ permissions: ALL_PERMISSIONS.filter((p) => !without.has(p)) });
    expect(status.status).toBe("FAILED");
    const lines = (status.message ?? "").split("\n");
    expect(lines.filter((line) => line.startsWith("  - "))).toEqual([
      "  - Employment › Employment contract (payroll.employment.contract)",
      "  - Employment › Employment type (payroll.employment.type)",
      "  - Personal contact details › Personal mobile (home.mobilePhone)",
    ]);
    expect(status.message).toContain("Permission groups");
    expect(status.message).toContain("about 10 seconds");
  });

  it.each([
    ["only Basic info is missing", ALL_PERMISSIONS.filter((p) => p !== "root")],
    ["nothing is granted (empty employee objects)", []],
  ])("fails naming Basic info, not crashing, when %s", async (_, permissions) => {
    const status = await check({ permissions });
    expect(status.status).toBe("FAILED");
    expect(status.message).toContain("Basic info › ID (root.id)");
    expect(status.message).toContain("grant the Basic info category to the service user's permission group");
    expect(status.message).toContain("about 10 seconds");
  });

  it("names fields of sensitive groups only when they are chosen", async () => {
    const without = new Set(["address"]);
    const permissions = ALL_PERMISSIONS.filter((p) => !without.has(p));
    expect(await check({ permissions })).toEqual({ status: "SUCCEEDED" });
    await emulator?.close();
    const status = await check({ permissions }, { field_groups: ["basic_info", "address"] });
    expect(status.status).toBe("FAILED");
    expect(status.message).toContain("Address › City (address.city)");
  });

  it("does not count the Actual payments fields, which people search never returns, as missing", async () => {
    expect(await check({}, { field_groups: ["basic_info", "salary"] })).toEqual({ status: "SUCCEEDED" });
  });

  it("fails on an Actual payments field asked for by id, saying people search never returns it", async () => {
    const status = await check({}, { additional_fields: ["actualPayment.amount"] });
    expect(status.status).toBe("FAILED");
    expect(status.message).toContain("actualPayment.amount");
    expect(status.message).toContain("Actual payments");
  });

  it("says which fields need View and Edit, not only View", async () => {
    const status = await check(
      { edits: ALL_PERMISSIONS.filter((p) => p !== "personal" && p !== "identification") },
      { field_groups: ["basic_info", "personal", "identification"] },
    );
    expect(status.status).toBe("FAILED");
    const lines = (status.message ?? "").split("\n");
    expect(lines.filter((line) => line.startsWith("  - "))).toEqual([
      "  - Identification › National ID (identification.nationalId) needs View and Edit",
      "  - Personal › Date of Birth (personal.birthDate) needs View and Edit",
      "  - Personal › Age (personal.age) needs View and Edit",
    ]);
  });

  it("names a field moved to another category by its new category, which its permission follows", async () => {
    const moved = "work.custom.field_1671024183224";
    const custom = "category_1652274561548";
    const status = await check(
      { permissions: ALL_PERMISSIONS.filter((p) => p !== custom) },
      { field_groups: ["basic_info", "work"], additional_fields: [moved] },
    );
    expect(status.status).toBe("FAILED");
    expect((status.message ?? "").split("\n").filter((line) => line.startsWith("  - "))).toEqual([
      `  - Training & compliance › Forklift licence expiry (${moved})`,
    ]);
    await emulator?.close();
    const granted = await check(
      { permissions: ["root", "work", custom] },
      { field_groups: ["basic_info", "work"], additional_fields: [moved], include_inactive: false },
    );
    expect(granted.status).toBe("SUCCEEDED");
  });

  it("reads field ids with spaces, built from company type names", async () => {
    const status = await check(
      {},
      {
        field_groups: ["basic_info"],
        additional_fields: [
          "payroll.variable.Executive bonus.amount",
          "payroll.entitlement.Company Car.amount",
        ],
      },
    );
    expect(status).toEqual({ status: "SUCCEEDED" });
  });

  it("warns when Bob's default scope hides terminated people", async () => {
    const status = await check({ scope: { terminated: false } });
    expect(status.status).toBe("SUCCEEDED");
    expect(status.message).toContain('"Access data for"');
    expect(status.message).toContain("Terminated");
    await emulator?.close();
    expect(await check({ scope: { terminated: false } }, { include_inactive: false })).toEqual({
      status: "SUCCEEDED",
      message: expect.stringMatching(/include_inactive is off/) as unknown,
    });
  });

  it("fails on an unknown additional field, naming it", async () => {
    const status = await check({}, { additional_fields: ["work.custom.field_1"] });
    expect(status).toMatchObject({
      status: "FAILED",
      message: expect.stringContaining("work.custom.field_1"),
    });
  });

  it("rejects bad credentials as a config error without retrying", async () => {
    emulator = await startHibobEmulator({ employees: 5, rateLimits: false });
    const run = createRun(emulatorConfig(emulator.baseUrl, { service_user_token: "wrong-token" }));
    const failure = checkConnection(run);
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(/401/);
    expect(emulator.state.stats.requests).toBe(1);
  });
});

describe("inspectConnection (what check found, as data)", () => {
  it("counts the employees and the terminated people the service user sees", async () => {
    const found = await inspectConnection(await emulatorRun({}));
    const { company } = emulator ?? expect.unreachable();
    const terminated = company.employees.filter(
      (e) => lifecycleStatus(e, company.today) === "terminated",
    ).length;
    expect(terminated).toBeGreaterThan(0);
    expect(found).toEqual({ ok: true, employees: company.employees.length, terminated, warning: null });
  });

  it("sees no terminated people when the scope leaves them out, and says so", async () => {
    const found = await inspectConnection(await emulatorRun({ scope: { terminated: false } }));
    expect(found).toMatchObject({
      ok: true,
      terminated: 0,
      warning: expect.stringContaining("Access data for"),
    });
  });

  it("lists each missing field as an item, with the message check answers", async () => {
    const found = await inspectConnection(
      await emulatorRun({ permissions: ALL_PERMISSIONS.filter((p) => p !== "employment") }),
    );
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.missing.map((field) => `${field.category} › ${field.name} (${field.id})`)).toEqual([
      "Employment › Employment contract (payroll.employment.contract)",
      "Employment › Employment type (payroll.employment.type)",
    ]);
    expect(found.message).toContain("about 10 seconds");
  });

  it("lists Basic info's ID when Bob sends employees without ids", async () => {
    const found = await inspectConnection(await emulatorRun({ permissions: [] }));
    expect(found).toMatchObject({ ok: false, missing: [{ id: "root.id", category: "Basic info" }] });
  });
});
