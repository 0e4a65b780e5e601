// "A day passes" and the admin API's employee mutations, seen through the public /v1 API.

import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { currentWork, lifecycleStatus } from "./employee.js";
import type { HibobEmulator } from "./index.js";
import { basicAuthHeader, startHibobEmulator } from "./index.js";
import { orgIndex } from "./org.js";

const TODAY = "2026-03-02";
const auth = basicAuthHeader("emulator", "emulator-token");
const started: HibobEmulator[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

async function start(employees = 400, seed = 21): Promise<HibobEmulator> {
  const e = await startHibobEmulator({
    employees,
    seed,
    today: TODAY,
    rateLimits: false,
    serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true } }],
  });
  started.push(e);
  return e;
}

async function admin(e: HibobEmulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e.adminUrl}${path}`, {
    method,
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function search(e: HibobEmulator, body: unknown) {
  const res = await fetch(`${e.baseUrl}/people/search`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { employees: Record<string, unknown>[] }).employees;
}

async function read(e: HibobEmulator, identifier: string, fields: string[]) {
  const res = await fetch(`${e.baseUrl}/people/${encodeURIComponent(identifier)}`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json" },
    body: JSON.stringify({ fields }),
  });
  return {
    status: res.status,
    json: res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined,
  };
}

interface Summary {
  today: string;
  updated: { id: string; change: string }[];
  hired: string[];
  terminated: string[];
  rehired: string[];
  deleted: string[];
  emailChanged: { id: string; from: string; to: string }[];
  timeOffChanges: number;
}

describe("POST /_emulator/day", () => {
  it("advances the business date and applies seeded changes that the API shows", async () => {
    const e = await start();
    const res = await admin(e, "POST", "/day", {
      updates: 30,
      hires: 3,
      terminations: 3,
      rehires: 1,
      deletions: 2,
      emailChanges: 2,
    });
    expect(res.status).toBe(200);
    const day = res.json as unknown as Summary;
    expect(day.today).toBe("2026-03-03");
    expect(day.updated.length).toBeGreaterThan(10);
    expect(day.hired).toHaveLength(3);
    expect(day.deleted).toHaveLength(2);

    const everyone = await search(e, {
      fields: ["root.id", "root.email", "internal.lifecycleStatus"],
      showInactive: true,
    });
    const ids = new Set(everyone.map((p) => p.id));
    for (const id of day.hired) expect(ids.has(id)).toBe(true);
    for (const id of day.deleted) {
      expect(ids.has(id)).toBe(false);
      expect((await read(e, id, ["root.id"])).status).toBe(404);
    }
    for (const { id, from, to } of day.emailChanged) {
      expect((await read(e, to, ["root.id"])).json?.id).toBe(id);
      expect((await read(e, from, ["root.id"])).status).toBe(404);
    }
    const updated = day.updated.find((u) => u.change !== "phone");
    const rows = await fetch(`${e.baseUrl}/people/${updated?.id ?? ""}/work`, {
      headers: { authorization: auth },
    });
    const values = ((await rows.json()) as { values: { modificationDate: string }[] }).values;
    expect(values.some((r) => r.modificationDate === "2026-03-03")).toBe(true);
  });

  it("is deterministic: the same seed and the same days give the same company", async () => {
    const fingerprint = (e: HibobEmulator) =>
      createHash("sha256").update(JSON.stringify(e.company.employees)).digest("hex");
    const [a, b] = [await start(300, 5), await start(300, 5)];
    for (const e of [a, b]) await admin(e, "POST", "/day", { days: 3 });
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  it("keeps the org chart consistent over many days", async () => {
    const e = await start(500, 8);
    e.passDays({ days: 15, updates: 20, terminations: 3, hires: 3, deletions: 1, rehires: 1 });
    const company = e.company;
    const today = company.today;
    expect(today).toBe("2026-03-17");
    const tops = company.employees.filter((x) => currentWork(x, today).managerId === null);
    expect(tops).toHaveLength(1);
    const org = orgIndex(company);
    for (const x of company.employees) {
      const managerId = currentWork(x, today).managerId;
      if (managerId === null || lifecycleStatus(x, today) === "terminated") continue;
      const manager = company.byId.get(managerId);
      expect(manager?.id).toBe(managerId);
      expect(manager && lifecycleStatus(manager, today)).not.toBe("terminated");
      expect(org.directReports.get(managerId) ?? 0).toBeGreaterThan(0);
    }
    const people = await search(e, { fields: ["root.id", "work.isManager"], showInactive: true });
    for (const p of people) {
      const isManager = (p.work as { isManager: boolean }).isManager;
      expect(isManager).toBe((org.directReports.get(String(p.id)) ?? 0) > 0);
    }
  });
});

describe("admin employee mutations", () => {
  it("hires with a future start: hired and Inactive until the start date passes", async () => {
    const e = await start(50);
    const hire = await admin(e, "POST", "/employees", {
      firstName: "Zoë",
      surname: "Ó Briain",
      startDate: "2026-03-04",
    });
    expect(hire.status).toBe(201);
    const id = String(hire.json.id);
    const fields = ["internal.lifecycleStatus", "internal.status", "work.startDate"];
    expect((await read(e, id, fields)).json?.internal).toEqual({
      lifecycleStatus: "hired",
      status: "Inactive",
    });
    expect(
      await search(e, { filters: [{ fieldPath: "root.id", operator: "equals", values: [id] }] }),
    ).toHaveLength(0);
    await admin(e, "POST", "/day", { days: 2, updates: 0, hires: 0, terminations: 0, emailChanges: 0 });
    expect((await read(e, id, fields)).json?.internal).toEqual({
      lifecycleStatus: "employed",
      status: "Active",
    });
    expect(
      await search(e, { filters: [{ fieldPath: "root.id", operator: "equals", values: [id] }] }),
    ).toHaveLength(1);
  });

  it("patches, terminates, rehires and hard-deletes", async () => {
    const e = await start(80);
    const someone = e.company.employees.find(
      (x) => x.startDate <= TODAY && x.terminationDate === null && currentWork(x, TODAY).managerId !== null,
    );
    const manager = e.company.employees[0];
    if (someone === undefined || manager === undefined) throw new Error("fixture missing");
    const patched = await admin(e, "PATCH", `/employees/${someone.id}`, {
      managerId: manager.id,
      mobilePhone: "+44 7700 900123",
      email: "renamed@example.org",
    });
    expect(patched.status).toBe(200);
    const now = await read(e, "renamed@example.org", ["work.reportsTo", "home.mobilePhone"]);
    expect(now.json).toMatchObject({
      work: { reportsTo: { id: manager.id } },
      home: { mobilePhone: "+44 7700 900123" },
    });

    expect(
      (
        await admin(e, "POST", `/employees/${someone.id}/terminate`, {
          reason: "redundancy",
          type: "involuntary",
        })
      ).status,
    ).toBe(200);
    expect((await read(e, someone.id, ["internal.terminationReason"])).json).toMatchObject({
      internal: { terminationReason: "redundancy" },
    });
    expect((await admin(e, "POST", `/employees/${someone.id}/terminate`, {})).status).toBe(409);
    expect((await admin(e, "POST", `/employees/${someone.id}/rehire`, {})).status).toBe(200);
    expect(
      (await read(e, someone.id, ["internal.lifecycleStatus", "internal.terminationDate"])).json,
    ).toMatchObject({
      internal: { lifecycleStatus: "employed", terminationDate: null },
    });
    expect((await admin(e, "DELETE", `/employees/${someone.id}`)).status).toBe(200);
    expect((await read(e, someone.id, ["root.id"])).status).toBe(404);
    expect((await admin(e, "GET", `/employees/${someone.id}`)).status).toBe(404);
  });

  it("resets to the generated company", async () => {
    const e = await start(60);
    const before = JSON.stringify(e.company.employees);
    await admin(e, "POST", "/day", { days: 2 });
    expect(JSON.stringify(e.company.employees)).not.toBe(before);
    expect((await admin(e, "POST", "/reset")).status).toBe(200);
    expect(JSON.stringify(e.company.employees)).toBe(before);
    expect((await admin(e, "GET", "/state")).json).toMatchObject({ today: TODAY, employees: 60 });
  });
});
