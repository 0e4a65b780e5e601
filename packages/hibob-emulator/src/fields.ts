// The field catalogue behind GET /company/people/fields and every people read: ids, names, categories,
// jsonPath, type, typeData.listId and historical, modelled on a live tenant's metadata, each with
// the getter that reads its machine value from an employee.

import { CUSTOM_CATEGORY, CUSTOM_FIELDS, WORK_COLUMN } from "./custom.js";
import { addDays, daysBetween, humanizePeriod, periodBetween, periodIso, shortDate } from "./dates.js";
import { currentWork, displayName, fullName, rowAccessStatus } from "./employee.js";
import type { Employee } from "./model.js";
import { CATEGORIES } from "./permissions.js";
import type { EmployeeView, Json } from "./view.js";

export type FieldType =
  | "text"
  | "text-area"
  | "number"
  | "date"
  | "short-date"
  | "time"
  | "list"
  | "multi-list"
  | "hierarchy-list"
  | "list_id"
  | "currency"
  | "employee"
  | "employee-reference"
  | "boolean"
  | "avatar"
  | "period"
  | "ssn";

export interface FieldDef {
  id: string;
  name: string;
  categoryId: string;
  categoryDisplayName: string;
  /** Dot path in the nested form; root fields have no `root.` prefix. */
  jsonPath: string;
  type: FieldType;
  listId: string | null;
  historical: boolean;
  description: string | null;
  /** Custom fields are never part of the default field set. */
  custom: boolean;
  /** False for the Actual payments fields: metadata lists them, people search never returns them. */
  searchable: boolean;
  /** Returned only when the group may edit the category as well as view it (full date of birth, age, ids). */
  viewAndEdit: boolean;
  get: (v: EmployeeView) => Json;
  /** Display value when the type's generic rendering is not right (e.g. root.id stays the id). */
  human?: (v: EmployeeView, value: Json) => Json;
}

interface Options {
  listId?: string;
  historical?: boolean;
  custom?: boolean;
  searchable?: boolean;
  viewAndEdit?: boolean;
  description?: string;
  human?: (v: EmployeeView, value: Json) => Json;
}

function field(
  categoryId: string,
  id: string,
  name: string,
  type: FieldType,
  get: (v: EmployeeView) => Json,
  o: Options = {},
): FieldDef {
  const def: FieldDef = {
    id,
    name,
    categoryId,
    categoryDisplayName: CATEGORIES[categoryId] ?? categoryId,
    jsonPath: id.startsWith("root.") ? id.slice("root.".length) : id,
    type,
    listId: o.listId ?? null,
    historical: o.historical ?? false,
    description: o.description ?? null,
    custom: o.custom ?? false,
    searchable: o.searchable ?? true,
    viewAndEdit: o.viewAndEdit ?? false,
    get,
  };
  if (o.human !== undefined) def.human = o.human;
  return def;
}

/** `{id, firstName, surname, email, displayName}`, the shape of `work.reportsTo`. */
export function employeeRef(e: Employee | undefined): Json {
  if (e === undefined) return null;
  return {
    id: e.id,
    firstName: e.firstName,
    surname: e.surname,
    email: e.email,
    displayName: displayName(e),
  };
}

function period(from: string | null, to: string): Json {
  if (from === null || from > to) return null;
  const p = periodBetween(from, to);
  return { periodISO: periodIso(p), sortFactor: daysBetween(from, to), humanize: humanizePeriod(p) };
}

function years(from: string | null, to: string, decimals: number): number | null {
  if (from === null || from > to) return null;
  const factor = 10 ** decimals;
  return Math.floor((daysBetween(from, to) / 365.25) * factor) / factor;
}

/** Days worked in earlier employment spells (rehires), from the lifecycle history. */
function daysOfPreviousService(v: EmployeeView): number {
  let days = 0;
  let spellStart: string | null = null;
  for (const row of v.e.lifecycle) {
    if (row.effectiveDate >= v.e.startDate) break;
    if (row.status === "terminated") {
      if (spellStart !== null) days += daysBetween(spellStart, row.effectiveDate);
      spellStart = null;
    } else if (row.status === "employed") spellStart ??= row.effectiveDate;
  }
  return days;
}

function avatarUrl(v: EmployeeView): string {
  return `https://images.hibob.example/avatars/${v.e.id}.png?Expires=${v.ctx.signature.slice(0, 10)}&Signature=${v.ctx.signature.slice(10)}${v.e.index.toString(36)}`;
}

const ROOT = "root";

function buildCatalogue(): FieldDef[] {
  const w = (v: EmployeeView) => v.work;
  const started = (v: EmployeeView) => (v.e.startDate <= v.today ? v.e.startDate : null);
  return [
    // Basic info
    field(ROOT, "root.id", "ID", "employee-reference", (v) => v.e.id, { human: (_v, value) => value }),
    field(ROOT, "root.companyId", "Company id", "number", (v) => v.ctx.company.companyId),
    field(ROOT, "root.email", "Email", "text", (v) => v.e.email),
    field(ROOT, "root.firstName", "First name", "text", (v) => v.e.firstName),
    field(ROOT, "root.surname", "Last name", "text", (v) => v.e.surname),
    field(ROOT, "root.fullName", "Full name", "text", (v) => fullName(v.e)),
    field(ROOT, "root.displayName", "Display name", "text", (v) => displayName(v.e)),
    field(ROOT, "root.secondName", "Middle name", "text", (v) => v.e.secondName),
    field(ROOT, "root.creationDateTime", "Creation timestamp", "time", (v) => v.e.creationDateTime),
    field(ROOT, "root.coverImageUrl", "Cover image URL", "text", () => null),
    field(ROOT, "root.avatarUrl", "Avatar URL", "avatar", avatarUrl),
    // User data
    field("userData", "root.state", "State", "list", (v) => v.e.state, { listId: "state" }),
    field("userData", "root.creationDate", "Creation date", "date", (v) => v.e.creationDateTime.slice(0, 10)),
    // Personal
    field("personal", "personal.honorific", "Prefix", "list", (v) => v.profile.honorific, {
      listId: "honorific",
    }),
    field("personal", "personal.pronouns", "Pronouns", "list", (v) => v.profile.pronouns, {
      listId: "pronouns",
    }),
    field("personal", "personal.birthDate", "Date of Birth", "date", (v) => v.profile.birthDate, {
      viewAndEdit: true,
    }),
    field(
      "personal",
      "personal.age",
      "Age",
      "number",
      (v) => Math.floor(years(v.profile.birthDate, v.today, 0) ?? 0),
      { viewAndEdit: true },
    ),
    field("personal", "personal.shortBirthDate", "Birthday", "short-date", (v) =>
      shortDate(v.profile.birthDate),
    ),
    field(
      "personal",
      "personal.nationality",
      "Nationality",
      "multi-list",
      (v) => [...v.profile.nationality],
      {
        listId: "nationalities",
      },
    ),
    // Identification: the id is the emulator's; the type `ssn` is seen in live metadata.
    field("identification", "identification.nationalId", "National ID", "ssn", nationalId, {
      viewAndEdit: true,
    }),
    // Personal contact details and home
    field("personalContact", "home.privateEmail", "Personal email", "text", (v) => v.profile.privateEmail),
    field("personalContact", "home.privatePhone", "Personal phone", "text", () => null),
    field("personalContact", "home.mobilePhone", "Personal mobile", "text", (v) => v.e.mobilePhone),
    field("home", "home.legalGender", "Gender", "list", (v) => v.profile.gender, {
      listId: "legalGenderEnhanced",
    }),
    field("home", "home.numberOfKids", "Number of children", "number", (v) => v.profile.numberOfKids),
    // Work
    field("work", "work.activeEffectiveDate", "Work effective date", "date", (v) => w(v).effectiveDate, {
      historical: true,
    }),
    field("work", "work.employeeIdInCompany", "Employee ID", "number", (v) => v.e.employeeIdInCompany),
    field("work", "work.title", "Job title", "list", (v) => w(v).title, {
      listId: "title",
      historical: true,
    }),
    field("work", "work.startDate", "Start date", "date", (v) => v.e.startDate),
    field("work", "work.shortStartDate", "Work anniversary", "short-date", (v) => shortDate(v.e.startDate)),
    field("work", "work.originalStartDate", "Original start date", "date", (v) => v.e.originalStartDate),
    field("work", "work.durationOfEmployment", "Accumulated tenure (duration)", "period", (v) => {
      const from = started(v);
      return from === null ? null : period(addDays(from, -daysOfPreviousService(v)), v.today);
    }),
    field("work", "work.yearsOfService", "Accumulated tenure (years)", "number", (v) => {
      const from = started(v);
      return from === null ? null : years(addDays(from, -daysOfPreviousService(v)), v.today, 3);
    }),
    field("work", "work.tenureDuration", "Tenure (duration)", "period", (v) => period(started(v), v.today)),
    field("work", "work.tenureDurationYears", "Tenure (years)", "number", (v) =>
      years(started(v), v.today, 3),
    ),
    field("work", "work.tenureYears", "Work anniversary (years)", "number", (v) =>
      years(started(v), v.today, 0),
    ),
    field("work", "work.site", "Site", "text", (v) => v.site.name),
    field("work", "work.siteId", "Site", "list_id", (v) => w(v).siteId, { listId: "site", historical: true }),
    field("work", "work.department", "Department", "list", (v) => w(v).department, {
      listId: "department",
      historical: true,
    }),
    field("work", "work.workChangeType", "Change type", "list", (v) => w(v).workChangeType, {
      listId: "workChangeType",
      historical: true,
    }),
    field(
      "work",
      "work.reportsTo",
      "Reports to",
      "employee",
      (v) => employeeRef(v.employee(w(v).managerId)),
      {
        historical: true,
      },
    ),
    field(
      "work",
      "work.reportsTo.email",
      "Manager's email",
      "text",
      (v) => v.employee(w(v).managerId)?.email ?? null,
    ),
    field(
      "work",
      "work.reportsToIdInCompany",
      "Manager's ID",
      "number",
      (v) => v.employee(w(v).managerId)?.employeeIdInCompany ?? null,
    ),
    field("work", "work.manager", "Manager", "employee-reference", (v) => w(v).managerId, {
      historical: true,
    }),
    field("work", "work.secondLevelManager", "Second level manager", "employee-reference", (v) => {
      const manager = v.employee(w(v).managerId);
      return manager === undefined ? null : currentWork(manager, v.today).managerId;
    }),
    field(
      "work",
      "work.isManager",
      "Is a manager",
      "boolean",
      (v) => (v.ctx.org.directReports.get(v.e.id) ?? 0) > 0,
    ),
    field(
      "work",
      "work.directReports",
      "Number of direct reports",
      "number",
      (v) => v.ctx.org.directReports.get(v.e.id) ?? 0,
    ),
    field(
      "work",
      "work.indirectReports",
      "Number of direct and indirect reports",
      "number",
      (v) => v.ctx.org.indirectReports.get(v.e.id) ?? 0,
    ),
    field(
      "work",
      "work.daysOfPreviousService",
      "Tenure sum of previous lifecycle entries in days",
      "number",
      (v) => daysOfPreviousService(v),
    ),
    field("work", WORK_COLUMN.fieldId, WORK_COLUMN.name, "list", (v) => w(v).arrangement, {
      listId: WORK_COLUMN.listId,
      historical: true,
    }),
    field("work", CUSTOM_FIELDS.costCenter, "Cost center", "hierarchy-list", (v) => v.e.costCenter, {
      listId: "costCenters",
      custom: true,
    }),
    // Work contact details
    field("workContact", "work.workPhone", "Work phone", "text", (v) => v.e.workPhone),
    field("workContact", "work.workMobile", "Work mobile", "text", (v) => v.e.workMobile),
    // Address
    field("address", "address.line1", "Address line 1", "text", (v) => v.profile.address.line1, {
      historical: true,
    }),
    field("address", "address.line2", "Address line 2", "text", (v) => v.profile.address.line2, {
      historical: true,
    }),
    field("address", "address.city", "City", "text", (v) => v.profile.address.city, { historical: true }),
    field("address", "address.postCode", "Zip/Post/Postal code", "text", (v) => v.profile.address.postCode, {
      historical: true,
    }),
    field("address", "address.country", "Country", "list", (v) => v.profile.address.country, {
      listId: "countries",
      historical: true,
    }),
    field("address", "address.usaState", "State/Province/Region", "text", (v) => v.profile.address.usaState, {
      historical: true,
    }),
    field("address", "address.fullAddress", "Full address", "text", (v) => {
      const a = v.profile.address;
      return [a.line1, a.line2, a.city, a.postCode, a.usaState].filter((p) => p !== null).join(", ");
    }),
    field("address", "address.siteCountry", "Site country", "list", (v) => v.site.country, {
      listId: "countries",
    }),
    field("address", "address.siteCity", "Site city", "text", (v) => v.site.city),
    // Employment
    field(
      "employment",
      "payroll.employment.activeEffectiveDate",
      "Employment effective date",
      "date",
      (v) => v.employment.effectiveDate,
      {
        historical: true,
      },
    ),
    field(
      "employment",
      "payroll.employment.contract",
      "Employment contract",
      "list",
      (v) => v.employment.contract,
      {
        listId: "employmentstatus",
        historical: true,
      },
    ),
    field("employment", "payroll.employment.type", "Employment type", "list", (v) => v.employment.type, {
      listId: "payrollEmploymentType",
      historical: true,
    }),
    field(
      "employment",
      "payroll.employment.salaryPayType",
      "Salary pay type",
      "list",
      (v) => v.employment.salaryPayType,
      {
        listId: "salaryPayType",
        historical: true,
      },
    ),
    field("employment", "payroll.employment.flsaCode", "FLSA code", "list", (v) => v.employment.flsaCode, {
      listId: "flsaCode",
      historical: true,
    }),
    field("employment", "payroll.employment.fte", "FTE %", "number", (v) => fte(v), { historical: true }),
    field(
      "employment",
      "payroll.employment.weeklyHours",
      "Weekly hours",
      "number",
      (v) => v.employment.weeklyHours,
      {
        historical: true,
      },
    ),
    field(
      "employment",
      "payroll.employment.calendarId",
      "Holiday calendar ID",
      "list_id",
      (v) => v.employment.calendarId,
      {
        listId: "calendar",
        historical: true,
      },
    ),
    // Payroll (salary)
    field(
      "payroll",
      "payroll.salary.activeEffectiveDate",
      "Salary effective date",
      "date",
      (v) => v.salary.effectiveDate,
      {
        historical: true,
      },
    ),
    field(
      "payroll",
      "payroll.salary.payment",
      "Base salary",
      "currency",
      (v) => ({
        value: v.salary.amount,
        currency: v.salary.currency,
      }),
      { historical: true },
    ),
    field("payroll", "payroll.salary.payPeriod", "Salary pay period", "list", (v) => v.salary.payPeriod, {
      listId: "payPeriod",
      historical: true,
    }),
    field(
      "payroll",
      "payroll.salary.payFrequency",
      "Salary pay frequency",
      "list",
      (v) => v.salary.payFrequency,
      {
        listId: "payFrequency",
        historical: true,
      },
    ),
    field("payroll", "payroll.salary.yearlyPayment", "Base salary (annual)", "currency", (v) => ({
      value: yearly(v),
      currency: v.salary.currency,
    })),
    // Moves by itself every day, like tenure.
    field("payroll", "payroll.timeSinceLastSalaryChange", "Time since last salary change", "period", (v) =>
      period(v.salary.effectiveDate, v.today),
    ),
    // Per company type name (variable pay, entitlements): ids with spaces, as observed.
    field("payroll", "payroll.variable.Executive bonus.amount", "Executive bonus amount", "currency", (v) =>
      (v.ctx.org.directReports.get(v.e.id) ?? 0) > 0
        ? { value: Math.round(yearly(v) * 0.1), currency: v.salary.currency }
        : null,
    ),
    field("payroll", "payroll.entitlement.Company Car.amount", "Company Car amount", "currency", (v) =>
      v.e.index % 5 === 0 ? { value: 450, currency: v.salary.currency } : null,
    ),
    // The Actual payments table: in metadata, never in people search ("all fields except Actual Payments").
    field("payroll", "actualPayment.payDate", "Pay date", "date", lastPayDate, { searchable: false }),
    field(
      "payroll",
      "actualPayment.payType",
      "Pay type",
      "text",
      (v) => (lastPayDate(v) === null ? null : "Salary"),
      {
        searchable: false,
      },
    ),
    field(
      "payroll",
      "actualPayment.amount",
      "Amount",
      "currency",
      (v) =>
        lastPayDate(v) === null ? null : { value: Math.round(yearly(v) / 12), currency: v.salary.currency },
      { searchable: false },
    ),
    // Lifecycle
    field("lifecycle", "internal.lifecycleStatus", "Lifecycle status", "list", (v) => v.lifecycle.status, {
      listId: "lifecycleStatus",
      historical: true,
    }),
    field("lifecycle", "internal.status", "Status", "list", (v) => rowAccessStatus(v.lifecycle), {
      listId: "status",
      historical: true,
    }),
    field(
      "lifecycle",
      "internal.terminationReason",
      "Reason for termination",
      "list",
      (v) => v.e.terminationReason,
      {
        listId: "terminationreason",
      },
    ),
    field("lifecycle", "internal.terminationDate", "Termination date", "date", (v) => v.e.terminationDate),
    field(
      "lifecycle",
      "internal.terminationType",
      "Leave and termination type",
      "list",
      (v) => v.e.terminationType,
      {
        listId: "lifecycleReasonType",
      },
    ),
    field("lifecycle", "internal.periodSinceTermination", "Period since termination", "period", (v) =>
      period(v.e.terminationDate, v.today),
    ),
    field("lifecycle", "internal.yearsSinceTermination", "Years since termination", "number", (v) =>
      years(v.e.terminationDate, v.today, 3),
    ),
    field(
      "lifecycle",
      "internal.currentActiveStatusStartDate",
      "current active lifecycle start date",
      "date",
      (v) => (rowAccessStatus(v.lifecycle) === "Active" ? v.lifecycle.effectiveDate : null),
    ),
    field("lifecycle", "internal.probationEndDate", "Probation end date", "date", (v) =>
      v.employment.type === "Permanent" ? addDays(v.e.startDate, 90) : null,
    ),
    field("lifecycle", "employee.lastDayOfWork", "Last day of work", "date", (v) => v.e.terminationDate),
    // About
    field("about", "about.avatar", "Profile personalization", "text", avatarUrl),
    field("about", "about.about", "About", "text-area", (v) => v.profile.about),
    field("about", "about.socialData.facebook", "Social - Facebook", "text", () => null),
    field("about", "about.socialData.twitter", "Social - Twitter", "text", () => null),
    field("about", "about.socialData.linkedin", "Social - LinkedIn", "text", (v) => v.profile.linkedin),
    field("about", "about.hobbies", "Hobbies", "multi-list", (v) => [...v.profile.hobbies], {
      listId: "hobbies",
    }),
    field("about", "about.superpowers", "Superpowers", "multi-list", (v) => [...v.profile.superpowers], {
      listId: "superpowers",
    }),
    field(
      "about",
      "about.foodPreferences",
      "Food preferences",
      "multi-list",
      (v) => [...v.profile.foodPreferences],
      {
        listId: "foodPreferences",
      },
    ),
    field("about", CUSTOM_FIELDS.shirtSize, "T-shirt size", "list", (v) => v.profile.shirtSize, {
      listId: "shirtSize",
      custom: true,
    }),
    field(
      "about",
      CUSTOM_FIELDS.languages,
      "Languages spoken",
      "multi-list",
      (v) => [...v.profile.languages],
      {
        listId: "languages",
        custom: true,
      },
    ),
    // A custom category, holding one field moved there from Work: its id still says work.
    field(
      CUSTOM_CATEGORY.id,
      CUSTOM_FIELDS.learnerGroup,
      "LMS learner group",
      "list",
      (v) => v.e.learnerGroup,
      {
        listId: "learnerGroups",
        custom: true,
        description: "Which learning path the LMS assigns.",
      },
    ),
    field(
      CUSTOM_CATEGORY.id,
      CUSTOM_FIELDS.inductionDate,
      "Safety induction completed",
      "date",
      (v) => v.e.inductionDate,
      {
        custom: true,
      },
    ),
    field(
      CUSTOM_CATEGORY.id,
      CUSTOM_FIELDS.forkliftLicence,
      "Forklift licence expiry",
      "date",
      forkliftLicence,
      {
        custom: true,
      },
    ),
  ];
}

/** A national id per employee, stable for a seed. */
function nationalId(v: EmployeeView): string {
  return String(100_000_000 + ((v.e.index * 7_919 + v.ctx.company.seed) % 900_000_000));
}

/** Some people hold a forklift licence, valid two years from their start. */
function forkliftLicence(v: EmployeeView): string | null {
  return v.e.index % 9 === 0 ? addDays(v.e.startDate, 730) : null;
}

/** Payroll runs on the last day of each month; null for people who had not started by the last one. */
function lastPayDate(v: EmployeeView): string | null {
  const payDate = addDays(`${v.today.slice(0, 7)}-01`, -1);
  return v.e.startDate <= payDate ? payDate : null;
}

const FULL_TIME_HOURS = 40;

function fte(v: EmployeeView): number {
  const country = v.site.country;
  const full = country === "FR" ? 35 : country === "GB" || country === "IE" ? 37.5 : FULL_TIME_HOURS;
  return Math.round((v.employment.weeklyHours / full) * 1000) / 10;
}

function yearly(v: EmployeeView): number {
  const s = v.salary;
  if (s.payPeriod === "Hourly") return Math.round(s.amount * v.employment.weeklyHours * 52);
  if (s.payPeriod === "Monthly") return s.amount * 12;
  return s.amount;
}

export const FIELDS: readonly FieldDef[] = buildCatalogue();

const BY_ID = new Map(FIELDS.map((f) => [f.id, f]));

/** Resolves a requested field id: dot ids (`work.title`) and slash ids (`/work/title`) both work. */
export function fieldById(requested: string): FieldDef | undefined {
  const id = requested.startsWith("/") ? requested.slice(1).replaceAll("/", ".") : requested;
  return BY_ID.get(id);
}

/** The metadata item of GET /company/people/fields. */
export function fieldMetadata(f: FieldDef): Record<string, Json> {
  return {
    id: f.id,
    name: f.name,
    category: f.categoryId,
    categoryId: f.categoryId,
    categoryDisplayName: f.categoryDisplayName,
    description: f.description,
    jsonPath: f.jsonPath,
    type: f.type,
    typeData: f.listId === null ? {} : { listId: f.listId },
    historical: f.historical,
  };
}
