import { afterEach, describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, startHibobEmulator, type HibobEmulator } from "../emulators/hibob/index.js";
import { ConfigError } from "../protocol/index.js";
import { emulatorConfig } from "../../test/helpers/read-source.js";
import { checkConnection } from "./check.js";
import { createRun } from "./run.js";

let emulator: HibobEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function check(
  user: { permissions?: readonly string[]; scope?: { terminated?: boolean } } = {},
  overrides: Record<string, unknown> = {},
) {
  emulator = await startHibobEmulator({
    employees: 40,
    seed: 7,
    rateLimits: false,
    serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true }, ...user }],
  });
  const run = createRun(emulatorConfig(emulator.baseUrl, overrides), { requestsPerMinute: 0 });
  return checkConnection(run);
}

describe("check", () => {
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

  it("warns when Bob's default scope hides terminated people", async () => {
    const status = await check({ scope: { terminated: false } });
    expect(status.status).toBe("SUCCEEDED");
    expect(status.message).toContain('"Access data for"');
    expect(status.message).toContain("Terminated");
    await emulator?.close();
    expect(await check({ scope: { terminated: false } }, { include_inactive: false })).toEqual({
      status: "SUCCEEDED",
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
    const run = createRun(emulatorConfig(emulator.baseUrl, { service_user_token: "wrong" }));
    const failure = checkConnection(run);
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(/401/);
    expect(emulator.state.stats.requests).toBe(1);
  });
});
