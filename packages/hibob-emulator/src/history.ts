// Effective-dated history of a generated employee: work rows (a first row, maybe a promotion and a
// reorganisation), employment rows (maybe a contract change) and salary rows (yearly raises).

import { addDays, daysBetween } from "./dates.js";
import { currentRow, employmentRow, insertRow, salaryRow, workRow } from "./employee.js";
import type { Company, EmploymentRow, RowMeta, SalaryRow, WorkRow } from "./model.js";
import type { Random } from "./prng.js";
import { at } from "./prng.js";
import type { Department, Site } from "./vocabulary.js";
import { CEO_TITLE, SITES, titleId } from "./vocabulary.js";

export interface Role {
  title: string;
  level: number;
  manager: boolean;
}

/** Annual base in USD for an IC ladder step, and for manager levels. */
const IC_BASE = [52_000, 78_000, 108_000, 142_000];
const MANAGER_BASE = [125_000, 170_000, 230_000];
const FX: Record<string, number> = {
  USD: 1,
  GBP: 0.79,
  EUR: 0.92,
  ILS: 3.7,
  PLN: 4,
  BRL: 5.1,
  JPY: 150,
  SEK: 10.6,
};

export type MetaFn = (date: string, rows: readonly { id: number }[], modified?: string) => RowMeta;

export function buildWorkHistory(
  company: Company,
  plan: { manager: number; site: number },
  managerId: string | null,
  dept: Department | undefined,
  role: Role,
  startDate: string,
  today: string,
  rng: Random,
  meta: MetaFn,
): WorkRow[] {
  const rows: WorkRow[] = [];
  // A few people have no department (`"department": null` is common).
  const department = dept === undefined || rng.chance(0.015) ? null : dept.id;
  const siteId = at(SITES, plan.site).id;
  const arrangement = rng.weighted([
    ["onsite", 4],
    ["hybrid", 5],
    ["remote", 2],
    [null, 1],
  ] as const);
  const tenure = daysBetween(startDate, today);
  const promoted = dept !== undefined && tenure > 400 && role.level > 0 && rng.chance(0.35);
  const ladder = dept === undefined ? [CEO_TITLE] : role.manager ? dept.managers : dept.ics;
  const firstTitle = promoted ? at(ladder, role.level - 1) : role.title;
  const noTitle = rng.chance(0.01);
  rows.push(
    workRow(meta(startDate, rows), {
      title: noTitle ? null : titleId(firstTitle),
      department,
      siteId,
      managerId,
      workChangeType: "New Employee",
      arrangement,
    }),
  );
  if (promoted) {
    const date = addDays(startDate, rng.int(365, Math.max(366, tenure - 1)));
    insertRow(
      rows,
      workRow(meta(date, rows, addDays(date, rng.int(-10, 3))), {
        title: noTitle ? null : titleId(role.title),
        department,
        siteId,
        managerId,
        workChangeType: "Promotion",
        arrangement,
      }),
    );
  }
  // Some people changed manager in a reorganisation: their first rows point at someone else.
  if (plan.manager > 0 && tenure > 200 && rng.chance(0.12)) {
    const previous = company.employees[rng.int(0, plan.manager - 1)];
    if (previous !== undefined) {
      const date = addDays(startDate, rng.int(100, Math.max(101, tenure - 1)));
      for (const row of rows) if (row.effectiveDate < date) row.managerId = previous.id;
      insertRow(
        rows,
        workRow(meta(date, rows), {
          title: currentRow(rows, date).title,
          department,
          siteId,
          managerId,
          workChangeType: "Reorganization",
          arrangement,
        }),
      );
    }
  }
  return rows;
}

export function buildEmploymentHistory(
  site: Site,
  startDate: string,
  today: string,
  rng: Random,
  meta: MetaFn,
): EmploymentRow[] {
  const rows: EmploymentRow[] = [];
  const fullHours = site.country === "FR" ? 35 : site.country === "GB" || site.country === "IE" ? 37.5 : 40;
  const contract = rng.weighted([
    ["Full time", 78],
    ["Part time", 10],
    ["Contractor", 7],
    ["Freelance", 2],
    ["Internship", 3],
  ] as const);
  const typeFor = (c: string): string =>
    c === "Contractor" || c === "Freelance"
      ? "Contractor"
      : c === "Internship"
        ? rng.pick(["Temporary", "Apprentice"])
        : rng.chance(0.92)
          ? "Permanent"
          : "Fixed term";
  const hoursFor = (c: string): number => (c === "Part time" ? rng.pick([16, 20, 24, 30]) : fullHours);
  const row = (date: string, c: string): EmploymentRow =>
    employmentRow(meta(date, rows), {
      contract: c,
      type: typeFor(c),
      weeklyHours: hoursFor(c),
      salaryPayType: c === "Part time" || c === "Internship" ? "Hourly" : "Salaried",
      flsaCode: site.country === "US" ? (c === "Full time" ? "Exempt" : "Non-exempt") : null,
      calendarId: site.calendarId,
    });
  const tenure = daysBetween(startDate, today);
  if (tenure > 300 && rng.chance(0.1)) {
    const earlier =
      contract === "Full time" ? rng.pick(["Part time", "Contractor", "Internship"]) : "Full time";
    rows.push(row(startDate, earlier));
    insertRow(rows, row(addDays(startDate, rng.int(180, tenure - 1)), contract));
  } else {
    rows.push(row(startDate, contract));
  }
  return rows;
}

function roundSalary(amount: number, currency: string): number {
  const step = currency === "JPY" ? 10_000 : 500;
  return Math.max(step, Math.round(amount / step) * step);
}

export function buildSalaryHistory(
  site: Site,
  role: Role,
  employment: EmploymentRow,
  startDate: string,
  today: string,
  rng: Random,
  meta: MetaFn,
): SalaryRow[] {
  const rows: SalaryRow[] = [];
  const base = role.manager
    ? at(MANAGER_BASE, Math.min(role.level, 2))
    : at(IC_BASE, Math.min(role.level, 3));
  const fx = FX[site.currency] ?? 1;
  const fte = employment.weeklyHours / 40;
  const hourly = employment.salaryPayType === "Hourly";
  const payFrequency = site.country === "US" ? rng.pick(["Bi-Weekly", "Semi Monthly"]) : "Monthly";
  let annual = base * fx * (0.85 + rng.next() * 0.3);
  const amountOf = (a: number): number =>
    hourly ? Math.round((a / 2080) * 100) / 100 : roundSalary(a * Math.min(1, fte * 1.0), site.currency);
  const raises = Math.min(3, Math.floor(daysBetween(startDate, today) / 365));
  const dates = [startDate];
  for (let k = 0; k < raises; k++)
    if (rng.chance(0.5)) dates.push(addDays(startDate, 365 * (k + 1) + rng.int(-20, 20)));
  const amounts = dates.map(() => 0);
  for (let k = dates.length - 1; k >= 0; k--) {
    amounts[k] = amountOf(annual);
    annual /= 1.03 + rng.next() * 0.05;
  }
  dates.forEach((date, k) => {
    insertRow(
      rows,
      salaryRow(meta(date, rows), {
        amount: amounts[k] ?? 0,
        currency: site.currency,
        payPeriod: hourly ? "Hourly" : "Annual",
        payFrequency,
      }),
    );
  });
  return rows;
}
