// Bob lets an HR admin make someone their own manager, or close a loop (A reports to B, B to A): the emulator
// serves them as Bob would, and its own org chart, days and terminations stay bounded around them.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Employee, HibobEmulator } from "./index.js";
import { basicAuthHeader, startHibobEmulator } from "./index.js";

let emulator: HibobEmulator;

beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 80,
    seed: 5,
    rateLimits: false,
    serviceUsers: [{ id: "loops", token: "loops-token", scope: { terminated: true } }],
  });
});

afterAll(async () => {
  await emulator.close();
});

async function admin(method: string, path: string, body: unknown = {}): Promise<number> {
  const answer = await fetch(`${emulator.adminUrl}/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await answer.arrayBuffer();
  return answer.status;
}

/** Each employee's `work.reportsTo.id` and `work.isManager`, as source-hibob reads them. */
async function reportingLines(): Promise<Map<string, { manager: string | null; isManager: unknown }>> {
  const answer = await fetch(`${emulator.baseUrl}/people/search`, {
    method: "POST",
    headers: { authorization: basicAuthHeader("loops", "loops-token"), "content-type": "application/json" },
    body: JSON.stringify({ fields: ["root.id", "work.reportsTo", "work.isManager"], showInactive: true }),
  });
  expect(answer.status).toBe(200);
  const { employees } = (await answer.json()) as {
    employees: { id: string; work: { reportsTo: { id: string } | null; isManager: unknown } }[];
  };
  return new Map(
    employees.map((e) => [e.id, { manager: e.work.reportsTo?.id ?? null, isManager: e.work.isManager }]),
  );
}

const activeWithoutReports = (): Employee[] => {
  const { company } = emulator;
  const managers = new Set(company.employees.map((e) => e.work.at(-1)?.managerId));
  return company.employees.filter(
    (e) => e.terminationDate === null && e.startDate <= company.today && !managers.has(e.id),
  );
};

describe("manager loops in the emulator", () => {
  it("serves a self-manager and a loop set through the admin API, and days and terminations pass", async () => {
    const [self, a, b] = activeWithoutReports().slice(-3);
    if (!self || !a || !b) throw new Error("too few employees");
    expect(await admin("PATCH", `employees/${self.id}`, { managerId: self.id })).toBe(200);
    expect(await admin("PATCH", `employees/${a.id}`, { managerId: b.id })).toBe(200);
    expect(await admin("PATCH", `employees/${b.id}`, { managerId: a.id })).toBe(200);

    const lines = await reportingLines();
    expect(lines.get(self.id)).toEqual({ manager: self.id, isManager: true });
    expect(lines.get(a.id)).toEqual({ manager: b.id, isManager: true });
    expect(lines.get(b.id)).toEqual({ manager: a.id, isManager: true });

    expect(await admin("POST", `employees/${self.id}/terminate`)).toBe(200);
    expect(await admin("POST", `employees/${a.id}/terminate`)).toBe(200);
    // A leaver's reports move to the leaver's manager: here b, left reporting to itself.
    expect((await reportingLines()).get(b.id)?.manager).toBe(b.id);
    expect(await admin("POST", "day", { days: 3, updates: 40, terminations: 4, hires: 2 })).toBe(200);
    expect((await reportingLines()).size).toBeGreaterThan(80);
  });
});
