// People on leave who are Inactive, and Bob's "Access data for: Everyone", which shows active people only.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLeave } from "./day.js";
import { isActive, lifecycleStatus } from "./employee.js";
import { basicAuthHeader, type Employee, type HibobEmulator, startHibobEmulator } from "./index.js";

const TODAY = "2026-03-02";
let emulator: HibobEmulator;

beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 120,
    seed: 9,
    today: TODAY,
    rateLimits: false,
    firewall: false,
    serviceUsers: [
      { id: "conditions", token: "t", scope: { terminated: true } },
      { id: "everyone", token: "t", scope: { activeOnly: true } },
    ],
  });
});
afterAll(() => emulator.close());

interface Person {
  id?: string;
  internal?: { status?: string; lifecycleStatus?: string };
}

async function search(user: string, showInactive: boolean): Promise<Map<string, Person>> {
  const res = await fetch(`${emulator.baseUrl}/people/search`, {
    method: "POST",
    headers: { authorization: basicAuthHeader(user, "t"), "content-type": "application/json" },
    body: JSON.stringify({
      fields: ["root.id", "internal.status", "internal.lifecycleStatus"],
      showInactive,
    }),
  });
  const { employees } = (await res.json()) as { employees: Person[] };
  return new Map(employees.map((p) => [String(p.id), p]));
}

/** Employed people without reports, in the order the company holds them. */
function employed(): Employee[] {
  const { company } = emulator;
  const managers = new Set(company.employees.flatMap((e) => e.work.map((row) => row.managerId)));
  return company.employees.filter(
    (e) => lifecycleStatus(e, TODAY) === "employed" && e.terminationDate === null && !managers.has(e.id),
  );
}

describe("leave and access status", () => {
  it("leave is Inactive unless 'remain active' is ticked; Everyone then hides the person, conditions do not", async () => {
    const [inactive, active] = employed();
    if (inactive === undefined || active === undefined) throw new Error("no employed people");
    startLeave(emulator.company, inactive);
    startLeave(emulator.company, active, { status: "parental leave", remainActive: true });
    expect(isActive(inactive, TODAY)).toBe(false);
    expect(isActive(active, TODAY)).toBe(true);

    const wide = await search("conditions", true);
    expect(wide.get(inactive.id)?.internal).toEqual({ status: "Inactive", lifecycleStatus: "leave" });
    expect(wide.get(active.id)?.internal).toEqual({ status: "Active", lifecycleStatus: "parental leave" });
    expect((await search("conditions", false)).has(inactive.id)).toBe(false);

    const everyone = await search("everyone", true);
    expect(everyone.has(inactive.id)).toBe(false);
    expect(everyone.has(active.id)).toBe(true);
    expect([...everyone.values()].every((p) => p.internal?.status === "Active")).toBe(true);
    expect([...wide.values()].some((p) => p.internal?.lifecycleStatus === "terminated")).toBe(true);
  });

  it("garden leave is active until the last working day, then inactive; the lifecycle table says so", async () => {
    const person = employed()[2];
    if (person === undefined) throw new Error("no employed person");
    const res = await fetch(`${emulator.adminUrl}/employees/${person.id}/leave`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "garden leave", lastWorkingDay: "2026-03-04" }),
    });
    expect(res.status).toBe(200);
    expect((await search("everyone", true)).has(person.id)).toBe(true);
    emulator.passDays({ days: 3, updates: 0, hires: 0, terminations: 0, rehires: 0, emailChanges: 0 });
    expect(lifecycleStatus(person, emulator.company.today)).toBe("garden leave");
    expect((await search("everyone", true)).has(person.id)).toBe(false);
    const table = await fetch(`${emulator.baseUrl}/people/${person.id}/lifecycle`, {
      headers: { authorization: basicAuthHeader("conditions", "t") },
    });
    const rows = ((await table.json()) as { values: { status: string; employeeStatus: string }[] }).values;
    expect(rows.slice(-2).map((row) => [row.status, row.employeeStatus])).toEqual([
      ["Garden leave", "Active"],
      ["Garden leave", "Inactive"],
    ]);
  });
});
