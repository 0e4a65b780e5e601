import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { currentWork, lifecycleStatus } from "./employee.js";
import { generateCompany } from "./generator.js";
import type { Company } from "./model.js";
import { orgIndex } from "./org.js";

const TODAY = "2026-03-02";

function fingerprint(company: Company): string {
  return createHash("sha256")
    .update(JSON.stringify(company.employees))
    .update(JSON.stringify(company.timeOff))
    .digest("hex");
}

describe("generateCompany", () => {
  const company = generateCompany({ seed: 42, employees: 3000, today: TODAY });
  const statuses = company.employees.map((e) => lifecycleStatus(e, TODAY));

  it("gives the same company for the same seed and a different one for another seed", () => {
    const again = generateCompany({ seed: 42, employees: 3000, today: TODAY });
    expect(fingerprint(again)).toBe(fingerprint(company));
    expect(fingerprint(generateCompany({ seed: 43, employees: 3000, today: TODAY }))).not.toBe(
      fingerprint(company),
    );
  });

  it("makes 19-digit unique string ids and unique emails", () => {
    const ids = new Set(company.employees.map((e) => e.id));
    expect(ids.size).toBe(3000);
    for (const id of ids) expect(id).toMatch(/^\d{19}$/);
    expect(new Set(company.employees.map((e) => e.email.toLowerCase())).size).toBe(3000);
    expect(company.employees.some((e) => /[A-Z]/.test(e.email))).toBe(true);
  });

  it("uses unicode names", () => {
    const names = company.employees.map((e) => `${e.firstName} ${e.surname}`).join(" ");
    expect(names).toMatch(/[À-ɏ]/u);
    expect(names).toMatch(/\p{Script=Han}/u);
  });

  it("builds one org chart: a single top manager and no cycles", () => {
    const tops = company.employees.filter((e) => currentWork(e, TODAY).managerId === null);
    expect(tops).toHaveLength(1);
    for (const e of company.employees) {
      const seen = new Set<string>();
      let cursor: string | null = e.id;
      while (cursor !== null) {
        expect(seen.has(cursor)).toBe(false);
        seen.add(cursor);
        const next = company.byId.get(cursor);
        expect(next?.id).toBe(cursor);
        cursor = next === undefined ? null : currentWork(next, TODAY).managerId;
      }
    }
  });

  it("counts direct reports from reportsTo, and managers are never terminated with open reports", () => {
    const org = orgIndex(company);
    const counted = new Map<string, number>();
    company.employees.forEach((e, i) => {
      const managerId = currentWork(e, TODAY).managerId;
      if (managerId !== null && statuses[i] !== "terminated")
        counted.set(managerId, (counted.get(managerId) ?? 0) + 1);
    });
    expect(org.directReports).toEqual(counted);
    for (const [managerId] of counted) {
      const manager = company.byId.get(managerId);
      expect(manager && lifecycleStatus(manager, TODAY)).not.toBe("terminated");
    }
    const ceo = company.employees[0];
    expect(ceo && org.indirectReports.get(ceo.id)).toBe(
      statuses.filter((s) => s !== "terminated").length - 1,
    );
  });

  it("mixes lifecycles: employed, hired with future start, leaves and terminated with dates", () => {
    const count = (s: string) => statuses.filter((x) => x === s).length;
    expect(count("employed")).toBeGreaterThan(2000);
    expect(count("terminated")).toBeGreaterThan(100);
    expect(count("hired")).toBeGreaterThan(20);
    expect(count("leave") + count("parental leave") + count("garden leave")).toBeGreaterThan(30);
    company.employees.forEach((e, i) => {
      if (statuses[i] === "hired") expect(e.startDate > TODAY).toBe(true);
      if (statuses[i] === "terminated")
        expect(e.terminationDate !== null && e.terminationDate <= TODAY).toBe(true);
    });
  });

  it("leaves some departments and phones empty and mixes phone formats", () => {
    expect(company.employees.some((e) => currentWork(e, TODAY).department === null)).toBe(true);
    expect(company.employees.some((e) => e.mobilePhone === null)).toBe(true);
    const shapes = new Set(company.employees.map((e) => e.mobilePhone?.replace(/\d/g, "9")));
    expect(shapes.size).toBeGreaterThan(15);
  });

  it("keeps history rows sorted, dated and unique per employee", () => {
    for (const e of company.employees) {
      for (const rows of [e.work, e.employment, e.lifecycle, e.salaries]) {
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
        for (let i = 1; i < rows.length; i++) {
          expect((rows[i]?.effectiveDate ?? "") >= (rows[i - 1]?.effectiveDate ?? "")).toBe(true);
        }
        for (const r of rows) expect(r.modificationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    expect(company.employees.some((e) => e.work.length > 1)).toBe(true);
  });

  it("writes creation timestamps with microseconds and no timezone", () => {
    for (const e of company.employees.slice(0, 50))
      expect(e.creationDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  it("generates time-off changes in order of change, with edits linked by previousRequestId", () => {
    const changes = company.timeOff;
    expect(changes.length).toBeGreaterThan(1000);
    for (let i = 1; i < changes.length; i++) {
      expect((changes[i]?.changedAtMs ?? 0) >= (changes[i - 1]?.changedAtMs ?? 0)).toBe(true);
    }
    // A cancellation keeps its request's createdOn; an edit is a new request, created when it was made.
    const canceled = changes.find((c) => c.changeType === "Canceled");
    const created = changes.find((c) => c.requestId === canceled?.requestId && c.changeType === "Created");
    expect(canceled?.createdOnMs).toBe(created?.createdOnMs);
    expect(canceled?.createdOnMs).toBeLessThan(canceled?.changedAtMs ?? 0);
    for (const c of changes.filter((x) => x.previousRequestId !== null))
      expect(c.createdOnMs).toBe(c.changedAtMs);
    const edit = changes.find((c) => c.previousRequestId !== null);
    expect(edit?.previousRequestId).toEqual(expect.any(Number));
    expect(changes.some((c) => c.requestId === edit?.previousRequestId && c.changeType === "Created")).toBe(
      true,
    );
  });

  it("handles an empty company and rejects sizes out of range", () => {
    expect(generateCompany({ seed: 1, employees: 0, today: TODAY }).employees).toEqual([]);
    expect(generateCompany({ seed: 1, employees: 1, today: TODAY }).employees).toHaveLength(1);
    expect(() => generateCompany({ seed: 1, employees: 200_001, today: TODAY })).toThrow(RangeError);
  });
});
