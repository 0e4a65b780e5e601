// The seeded company generator: pure and deterministic. The same (seed, employees, today) always gives the same
// company, byte for byte. It builds an org chart first (one CEO, departments under an exec team), then a
// lifecycle mix, then each employee with its effective-dated history, then time-off change events.

import { addDays, bobTimestamp, dateToEpoch, daysBetween } from "./dates.js";
import { insertRow, lifecycleRow, rowIdFor } from "./employee.js";
import type { MetaFn, Role } from "./history.js";
import { buildEmploymentHistory, buildSalaryHistory, buildWorkHistory } from "./history.js";
import { newEmployeeId, pickName, randomPhone, uniqueEmail } from "./identity.js";
import type { Company, Employee, LifecycleRow, LifecycleStatus } from "./model.js";
import { LOCALES } from "./names.js";
import type { Random } from "./prng.js";
import { at, createRandom } from "./prng.js";
import { generateTimeOff } from "./timeoff-events.js";
import type { Department, Site } from "./vocabulary.js";
import {
  CEO_TITLE,
  COST_CENTERS,
  DEPARTMENTS,
  LEARNER_GROUPS,
  SITES,
  TERMINATION_REASONS,
} from "./vocabulary.js";

export interface GenerateOptions {
  seed: number;
  /** 0 to 200,000. */
  employees: number;
  /** The business date, `YYYY-MM-DD`. */
  today: string;
}

export const MAX_EMPLOYEES = 200_000;

const DOMAINS = [
  "northwind-logistics.example",
  "bluefin-labs.example",
  "kestrel-health.example",
  "orbit-retail.example",
  "tidewater-energy.example",
];

const NICKNAMES = ["Kate", "Alex", "Sam", "Max", "Bea", "Jo", "Nico", "Toni", "Lu", "Kit"];

/** Internal plan of one employee before it becomes an Employee. */
interface Plan {
  manager: number;
  department: number;
  depth: number;
  reports: number;
  site: number;
  status: LifecycleStatus;
  /** Scheduled termination (future) for an employed or garden-leave person. */
  scheduledExit: boolean;
}

export function generateCompany(options: GenerateOptions): Company {
  const n = options.employees;
  if (!Number.isInteger(n) || n < 0 || n > MAX_EMPLOYEES) {
    throw new RangeError(`employees must be an integer from 0 to ${MAX_EMPLOYEES}`);
  }
  const rng = createRandom(options.seed);
  const today = options.today;
  const company: Company = {
    seed: options.seed,
    companyId: 600_000 + rng.int(0, 99_999),
    domain: rng.pick(DOMAINS),
    today,
    day: 0,
    employees: [],
    byId: new Map(),
    byEmail: new Map(),
    nextIndex: 0,
    nextEmployeeIdInCompany: 1,
    adminId: "",
    timeOff: [],
    nextRequestId: 41_000_000 + rng.int(0, 999_999),
    version: 0,
  };
  const founded = addDays(today, -rng.int(6 * 365, 14 * 365));
  // Records that existed when the company moved to Bob were bulk-imported on one day (creationDateTime).
  const bobAdoption = addDays(today, -rng.int(700, 1500));
  const plans = planOrg(n, rng);
  const span = daysBetween(founded, today);

  for (let i = 0; i < n; i++) {
    const plan = at(plans, i);
    const e = buildEmployee(company, i, plan, { founded, bobAdoption, span, n }, rng);
    addEmployee(company, e);
  }
  company.adminId = pickAdmin(company, plans, rng);
  for (const e of company.employees) {
    for (const table of [e.work, e.employment, e.lifecycle, e.salaries]) {
      for (const row of table) row.changedById = company.adminId;
    }
  }
  company.timeOff = generateTimeOff(company, rng);
  return company;
}

export function addEmployee(company: Company, e: Employee): void {
  company.employees.push(e);
  company.byId.set(e.id, e);
  company.byEmail.set(e.email.toLowerCase(), e);
  company.nextIndex = Math.max(company.nextIndex, e.index + 1);
  company.nextEmployeeIdInCompany = Math.max(company.nextEmployeeIdInCompany, e.employeeIdInCompany + 1);
}

const DEPARTMENT_WEIGHTS = DEPARTMENTS.map((d, i) => [i, d.weight] as const);
const SITE_WEIGHTS = SITES.map((s, i) => [i, s.weight] as const);

function weightedDepartment(rng: Random, count: number): number {
  return rng.weighted(count >= DEPARTMENTS.length ? DEPARTMENT_WEIGHTS : DEPARTMENT_WEIGHTS.slice(0, count));
}

function weightedSite(rng: Random): number {
  return rng.weighted(SITE_WEIGHTS);
}

/** The org chart and lifecycle mix: one CEO with no manager, an exec team heading departments, then everyone else. */
function planOrg(n: number, rng: Random): Plan[] {
  const plans: Plan[] = [];
  if (n === 0) return plans;
  plans.push({
    manager: -1,
    department: -1,
    depth: 0,
    reports: 0,
    site: 0,
    status: "employed",
    scheduledExit: false,
  });
  const execCount = Math.min(DEPARTMENTS.length, n - 1);
  const capacity: number[] = [0];
  const open: number[][] = DEPARTMENTS.map(() => []);
  const members: number[][] = DEPARTMENTS.map(() => []);
  for (let i = 1; i < n; i++) {
    const isExec = i <= execCount;
    const department = isExec ? i - 1 : weightedDepartment(rng, execCount);
    let manager = 0;
    const openHere = at(open, department);
    if (!isExec) {
      if (openHere.length === 0) {
        const promoted = rng.pick(at(members, department));
        capacity[promoted] = (capacity[promoted] ?? 0) + rng.int(3, 8);
        openHere.push(promoted);
      }
      const slot = rng.int(0, openHere.length - 1);
      manager = at(openHere, slot);
      capacity[manager] = (capacity[manager] ?? 0) - 1;
      if ((capacity[manager] ?? 0) <= 0) {
        openHere[slot] = at(openHere, openHere.length - 1);
        openHere.pop();
      }
    }
    const managerPlan = at(plans, manager);
    managerPlan.reports++;
    plans.push({
      manager,
      department,
      depth: managerPlan.depth + 1,
      reports: 0,
      site: isExec || rng.chance(0.25) ? weightedSite(rng) : managerPlan.site,
      status: "employed",
      scheduledExit: false,
    });
    at(members, department).push(i);
    capacity.push(0);
    if (isExec || rng.chance(0.16)) {
      capacity[i] = isExec ? rng.int(3, 7) : rng.int(3, 9);
      openHere.push(i);
    }
  }
  // Lifecycle mix. Only people without reports leave or have not started yet, so every manager is a real one.
  for (let i = 1; i < n; i++) {
    const plan = at(plans, i);
    const leaf = plan.reports === 0;
    const r = rng.next();
    if (leaf && r < 0.09) plan.status = "terminated";
    else if (leaf && r < 0.115) plan.status = "hired";
    else if (r < 0.135) plan.status = "leave";
    else if (r < 0.142) plan.status = "parental leave";
    else if (leaf && r < 0.146) {
      plan.status = "garden leave";
      plan.scheduledExit = true;
    } else if (leaf && r < 0.152) plan.scheduledExit = true;
  }
  return plans;
}

interface Timeline {
  founded: string;
  bobAdoption: string;
  span: number;
  n: number;
}

function clampDate(date: string, min: string, max: string): string {
  return date < min ? min : date > max ? max : date;
}

function icStep(rng: Random, ladder: number): number {
  const step = rng.weighted([
    [0, 25],
    [1, 45],
    [2, 22],
    [3, 8],
  ] as const);
  return Math.min(step, ladder - 1);
}

function titleFor(plan: Plan, dept: Department | undefined, rng: Random): Role {
  if (plan.manager < 0 || dept === undefined) return { title: CEO_TITLE, level: 3, manager: true };
  if (plan.reports > 0) {
    const level = Math.max(0, dept.managers.length - plan.depth);
    return { title: at(dept.managers, level), level, manager: true };
  }
  const level = icStep(rng, dept.ics.length);
  return { title: at(dept.ics, level), level, manager: false };
}

function buildEmployee(company: Company, index: number, plan: Plan, time: Timeline, rng: Random): Employee {
  const today = company.today;
  const site = at(SITES, plan.site);
  const dept = DEPARTMENTS[plan.department];
  const name = pickName(site, rng);
  const employeeIdInCompany = company.nextEmployeeIdInCompany;
  const id = newEmployeeId(company, rng);

  // Later indices joined later: the company grew over time.
  let startDate =
    index === 0
      ? time.founded
      : clampDate(
          addDays(time.founded, Math.round(time.span * (index / time.n) ** 0.8) + rng.int(-45, 45)),
          addDays(time.founded, 1),
          addDays(today, -1),
        );
  let originalStartDate: string;
  let terminationDate: string | null = null;
  const lifecycle: LifecycleRow[] = [];
  const meta: MetaFn = (date, rows, modified = date) => ({
    id: rowIdFor(rows, date),
    effectiveDate: date,
    modificationDate: modified < time.bobAdoption ? time.bobAdoption : modified > today ? today : modified,
    creationDate: null,
    reason: null,
    changedById: "",
  });
  const addLifecycle = (date: string, status: LifecycleStatus, reasonType: string | null = null) => {
    insertRow(lifecycle, lifecycleRow(meta(date, lifecycle), { status, reasonType, leaveReason: null }));
  };

  if (plan.status === "hired") startDate = addDays(today, rng.int(1, 60));
  if (plan.status === "terminated" && daysBetween(startDate, today) < 60) {
    startDate = clampDate(addDays(today, -rng.int(60, 500)), addDays(time.founded, 1), addDays(today, -60));
  }
  originalStartDate = startDate;
  const rehired =
    plan.status === "employed" && index > 0 && rng.chance(0.02) && daysBetween(startDate, today) > 400;

  // creationDateTime: the bulk import day for people who predate Bob, else a few weeks before the start date.
  const createdOn =
    plan.status === "hired"
      ? addDays(today, -rng.int(0, 30))
      : startDate < time.bobAdoption
        ? time.bobAdoption
        : clampDate(addDays(startDate, -rng.int(5, 40)), time.founded, today);
  const createdMs =
    createdOn === time.bobAdoption
      ? dateToEpoch(createdOn) + 9 * 3_600_000 + index * 37
      : dateToEpoch(createdOn) + rng.int(7 * 3_600_000, 19 * 3_600_000);
  const creationDateTime = bobTimestamp(createdMs, rng.int(0, 999));

  if (createdOn < startDate && startDate >= time.bobAdoption) addLifecycle(createdOn, "hired");
  if (rehired) {
    originalStartDate = clampDate(
      addDays(startDate, -rng.int(800, 2500)),
      time.founded,
      addDays(startDate, -400),
    );
    addLifecycle(originalStartDate, "employed");
    addLifecycle(addDays(startDate, -rng.int(90, 380)), "terminated", "voluntary");
  }
  addLifecycle(startDate, "employed");
  let terminationReason: string | null = null;
  let terminationType: string | null = null;
  const tenure = daysBetween(startDate, today);
  if (plan.status === "terminated") {
    terminationDate = addDays(startDate, rng.int(30, Math.max(31, tenure - 1)));
    if (terminationDate >= today) terminationDate = addDays(today, -1);
  } else if (plan.status === "leave" || plan.status === "parental leave" || plan.status === "garden leave") {
    const leaveStart = clampDate(addDays(today, -rng.int(1, 120)), addDays(startDate, 1), today);
    insertRow(
      lifecycle,
      lifecycleRow(meta(leaveStart, lifecycle), {
        status: plan.status,
        reasonType: null,
        leaveReason:
          plan.status === "parental leave"
            ? "Parental"
            : plan.status === "leave"
              ? rng.pick(["Sabbatical", "Medical", "Personal"])
              : "Garden leave",
      }),
    );
    if (!plan.scheduledExit) addLifecycle(addDays(today, rng.int(5, 180)), "employed");
  }
  if (plan.scheduledExit) terminationDate = addDays(today, rng.int(3, 45));
  if (terminationDate !== null) {
    const voluntary = rng.chance(0.7);
    terminationType = voluntary ? "voluntary" : "involuntary";
    terminationReason = voluntary
      ? rng.pick(["resignation", "relocation", "retirement"])
      : rng.pick(TERMINATION_REASONS.map(([reasonId]) => reasonId).filter((r) => r !== "resignation"));
    addLifecycle(terminationDate, "terminated", terminationType);
  }

  const role = titleFor(plan, dept, rng);
  // Managers always have a lower index than their reports, so their ids exist already.
  const managerId = plan.manager >= 0 ? at(company.employees, plan.manager).id : null;
  const work = buildWorkHistory(company, plan, managerId, dept, role, startDate, today, rng, meta);
  const employment = buildEmploymentHistory(site, startDate, today, rng, meta);
  const salaries = buildSalaryHistory(
    site,
    role,
    at(employment, employment.length - 1),
    startDate,
    today,
    rng,
    meta,
  );

  const hasPhone = rng.chance(0.88);
  const e: Employee = {
    index,
    id,
    employeeIdInCompany,
    email: "",
    firstName: name.firstName,
    surname: name.surname,
    secondName: rng.chance(0.12) ? rng.pick(at(LOCALES_FIRST, name.locale)) : null,
    preferredName: rng.chance(0.03) ? rng.pick(NICKNAMES) : null,
    creationDateTime,
    state:
      plan.status === "hired"
        ? rng.chance(0.5)
          ? "invited"
          : "uninvited"
        : rng.chance(0.03)
          ? "uninvited"
          : "active",
    locale: name.locale,
    mobilePhone: hasPhone ? randomPhone(site, rng) : null,
    workPhone: rng.chance(0.4) ? randomPhone(site, rng) : null,
    workMobile: rng.chance(0.2) ? randomPhone(site, rng) : null,
    startDate,
    originalStartDate,
    terminationDate,
    terminationReason,
    terminationType,
    costCenter: costCenterFor(dept, site, rng),
    learnerGroup: learnerGroupFor(dept, role.manager, startDate, today, rng),
    inductionDate:
      startDate <= today && rng.chance(0.92)
        ? clampDate(addDays(startDate, rng.int(0, 14)), startDate, today)
        : null,
    // Exact-length copies: arrays grown by push keep 16+ slots, ~40 MB of slack at 100k employees.
    work: work.slice(),
    employment: employment.slice(),
    lifecycle: lifecycle.slice(),
    salaries: salaries.slice(),
  };
  e.email = uniqueEmail(company, name, `emp${employeeIdInCompany}`, rng);
  return e;
}

const LOCALES_FIRST: readonly (readonly string[])[] = LOCALES.map((l) => l.firstNames);

function costCenterFor(dept: Department | undefined, site: Site, rng: Random): string | null {
  if (dept === undefined || rng.chance(0.05)) return null;
  const [rd, gtm, ga] = COST_CENTERS;
  if (rd === undefined || gtm === undefined || ga === undefined) return null;
  if (["Engineering", "Product", "Design", "Data"].includes(dept.name)) return rng.pick(rd.children).id;
  if (["Sales", "Marketing", "Customer Success"].includes(dept.name)) {
    const region = site.country === "US" || site.country === "BR" ? 1 : site.country === "JP" ? 2 : 0;
    return at(gtm.children, region).id;
  }
  return rng.pick(ga.children).id;
}

function learnerGroupFor(
  dept: Department | undefined,
  manager: boolean,
  startDate: string,
  today: string,
  rng: Random,
): string | null {
  if (rng.chance(0.1)) return null;
  const [onboarding, managers, guild, customer, compliance] = LEARNER_GROUPS.map(([groupId]) => groupId);
  if (daysBetween(startDate, today) < 90) return onboarding ?? null;
  if (manager) return managers ?? null;
  if (dept?.name === "Engineering") return guild ?? null;
  if (dept?.name === "Sales" || dept?.name === "Customer Success") return customer ?? null;
  return compliance ?? null;
}

/** The People department's first member records changes ("changedById"); the CEO in tiny companies. */
function pickAdmin(company: Company, plans: readonly Plan[], rng: Random): string {
  const people = DEPARTMENTS.findIndex((d) => d.name === "People");
  const admin = plans.findIndex((p, i) => i > 0 && p.department === people && p.status === "employed");
  if (admin >= 0) return at(company.employees, admin).id;
  return company.employees[0]?.id ?? newEmployeeId(company, rng);
}
