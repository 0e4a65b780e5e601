import { describe, expect, it } from "vitest";
import { CUSTOM_FIELDS } from "./custom.js";
import { currentWork } from "./employee.js";
import { FIELDS, fieldById } from "./fields.js";
import { generateCompany } from "./generator.js";
import { orgIndex } from "./org.js";
import { resolveServiceUser } from "./permissions.js";
import { humanValue, parseHumanMode, planFields, renderEmployee } from "./render.js";
import type { RenderContext } from "./view.js";
import { EmployeeView } from "./view.js";

const company = generateCompany({ seed: 5, employees: 300, today: "2026-03-02" });
const ctx: RenderContext = { company, org: orgIndex(company), signature: "1795435984abcdef" };
const admin = resolveServiceUser({ id: "a", token: "t" });
const noDepartment = company.employees.find(
  (e) => currentWork(e, company.today).department === null && e.mobilePhone !== null,
);
const withManager = company.employees.find(
  (e) => currentWork(e, company.today).managerId !== null && e.mobilePhone === null,
);

function render(
  fields: string[] | undefined,
  mode: "" | "APPEND" | "REPLACE",
  e = withManager,
  user = admin,
) {
  if (e === undefined) throw new Error("fixture missing");
  return renderEmployee(new EmployeeView(e, ctx), planFields(fields, user), mode);
}

describe("renderEmployee", () => {
  it("emits slash keys only for non-null values and the nested form with nulls", () => {
    const out = render(["root.id", "root.email", "home.mobilePhone", "work.title"], "");
    expect(out["/root/id"]).toEqual({ value: withManager?.id });
    expect(out["/home/mobilePhone"]).toBeUndefined();
    expect(out.home).toEqual({ mobilePhone: null });
    // Root fields sit at the top level of the nested form, not under "root".
    expect(out.id).toBe(withManager?.id);
    expect(out.email).toBe(withManager?.email);
    expect(out.root).toBeUndefined();
    expect(out.humanReadable).toBeUndefined();
  });

  it("keeps list fields as item ids in machine form and labels in the humanReadable node", () => {
    const out = render(["work.title", "work.isManager", "work.startDate", "work.reportsTo"], "APPEND");
    const work = out.work as Record<string, unknown>;
    const human = (out.humanReadable as Record<string, Record<string, unknown>>).work;
    expect(work.title).toMatch(/^\d+$/);
    expect(human?.title).not.toMatch(/^\d+$/);
    expect(typeof work.isManager).toBe("boolean");
    expect(human?.isManager).toMatch(/^(Yes|No)$/);
    expect(human?.startDate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(work.reportsTo).toMatchObject({
      id: expect.stringMatching(/^\d{19}$/) as unknown,
      email: expect.any(String) as unknown,
    });
    expect(typeof human?.reportsTo).toBe("string");
  });

  it("leaves null fields and all-null categories out of the humanReadable node; the machine form keeps them", () => {
    const out = render(
      ["root.id", "root.secondName", "home.mobilePhone", "work.title", "work.department"],
      "APPEND",
      noDepartment,
    );
    const human = out.humanReadable as Record<string, unknown>;
    expect(out.work).toMatchObject({ department: null });
    expect(human.work).toHaveProperty("title");
    expect(human.work).not.toHaveProperty("department");
    const noPhone = render(["root.id", "home.mobilePhone", "work.reportsTo.email"], "APPEND", withManager);
    expect(noPhone.home).toEqual({ mobilePhone: null });
    expect(noPhone.humanReadable).not.toHaveProperty("home");
    expect(JSON.stringify(noPhone.humanReadable)).not.toContain("null");
    const ceo = company.employees.find((e) => currentWork(e, company.today).managerId === null);
    const top = render(["root.id", "work.reportsTo", "work.reportsTo.email"], "APPEND", ceo);
    expect(top.work).toEqual({ reportsTo: null });
    expect(top.humanReadable).toEqual({ id: ceo?.id });
  });

  it("puts display values in the nested form under REPLACE, without slash keys", () => {
    const out = render(["work.title", "work.isManager"], "REPLACE");
    expect(Object.keys(out).some((k) => k.startsWith("/"))).toBe(false);
    expect((out.work as Record<string, unknown>).isManager).toMatch(/^(Yes|No)$/);
  });

  it("treats an unknown humanReadable value as empty", () => {
    expect(parseHumanMode("append")).toBe("");
    expect(parseHumanMode("APPEND")).toBe("APPEND");
  });

  it("accepts slash ids in requests and drops unknown ids silently", () => {
    const out = render(["/work/department", "work.noSuchField"], "", noDepartment);
    expect(out.work).toEqual({ department: null });
  });

  it("merges a child into its parent object", () => {
    const out = render(["work.reportsTo.email", "work.reportsTo"], "");
    const reportsTo = (out.work as Record<string, Record<string, unknown>>).reportsTo;
    expect(reportsTo?.email).toBe(
      out["/work/reportsTo/email"] && (out["/work/reportsTo/email"] as { value: string }).value,
    );
    expect(reportsTo?.id).toMatch(/^\d{19}$/);
  });

  it("omits unpermitted fields from every form", () => {
    const workOnly = resolveServiceUser({ id: "w", token: "t", permissions: ["root", "work"] });
    const out = render(
      ["root.id", "work.title", "home.mobilePhone", "payroll.salary.payment"],
      "APPEND",
      withManager,
      workOnly,
    );
    expect(out.home).toBeUndefined();
    expect(out.payroll).toBeUndefined();
    expect(out["/payroll/salary/payment"]).toBeUndefined();
    expect(JSON.stringify(out)).not.toContain("mobilePhone");
    expect(out.work).toEqual({ title: withManager && currentWork(withManager, company.today).title });
  });

  it("returns the default categories (root, about, employment, work) without custom fields when no fields are asked", () => {
    const plan = planFields(undefined, admin);
    const categories = new Set(plan.map((p) => p.def.categoryId));
    expect([...categories].sort()).toEqual(["about", "employment", "root", "work"]);
    expect(plan.some((p) => p.def.custom)).toBe(false);
    const explicit = render([CUSTOM_FIELDS.costCenter], "");
    expect(Object.keys(explicit)).toContain("work");
  });

  it("renders each field type's display value", () => {
    const e = withManager;
    if (e === undefined) throw new Error("fixture missing");
    const view = new EmployeeView(e, ctx);
    const salary = fieldById("payroll.salary.payment");
    const tenure = fieldById("work.tenureDuration");
    if (salary === undefined || tenure === undefined) throw new Error("catalogue incomplete");
    expect(humanValue(salary, { value: 55000, currency: "GBP" }, view)).toBe("£55,000.00");
    expect(
      humanValue(tenure, { periodISO: "P1Y0M2D", sortFactor: 367, humanize: "1 year and 2 days" }, view),
    ).toBe("1 year and 2 days");
    for (const f of FIELDS) expect(() => humanValue(f, f.get(view), view)).not.toThrow();
  });
});
