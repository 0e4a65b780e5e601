import { readBobField } from "../shared/bob-field-path.js";
import { isCalendarDate } from "../shared/calendar-date.js";
import { isRecord } from "../shared/is-record.js";
import { checkEmail, visible } from "./email.js";
import type { FieldMapping, MappableField } from "./field-mapping.js";
import { LABEL_FIELDS } from "./field-mapping.js";
import type { Learner, LearnerStatus } from "./learner.js";

/** A record the destination will not write, with the reason a person can act on. */
export interface Reject {
  readonly external_id: string | null;
  readonly email: string | null;
  readonly reason: string;
  readonly record: unknown;
}

/**
 * A learner, with what was left out of it and why (a value Bob holds that cannot be written); or a reject.
 * A warning names no one: whoever logs it adds the employee.
 */
export type MapResult =
  | { readonly ok: true; readonly learner: Learner; readonly warnings: readonly string[] }
  | ({ readonly ok: false } & Reject);

/** A non-empty trimmed string, or null: Bob sends nulls, empty strings and, for odd tenants, numbers. */
function asText(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** The first of a field's Bob ids that has a value; list fields are read as labels, never as list item ids. */
function read(record: Record<string, unknown>, mapping: FieldMapping, field: MappableField): string | null {
  const source = LABEL_FIELDS.has(field) ? record.humanReadable : record;
  for (const fieldId of mapping[field]) {
    const value = asText(readBobField(source, fieldId));
    if (value !== null) return value;
  }
  return null;
}

const ACTIVE_LIFECYCLES = new Set(["hired", "employed", "leave", "garden leave", "parental leave"]);

/** Terminated (or deleted from Bob) → archived; hired, employed and every kind of leave → active. */
function status(record: Record<string, unknown>): LearnerStatus | { unknown: string } {
  if (asText(record._ab_cdc_deleted_at) !== null) return "archived";
  const lifecycle = asText(readBobField(record, "internal.lifecycleStatus"))?.toLowerCase() ?? null;
  if (lifecycle === "terminated") return "archived";
  if (lifecycle === null || ACTIVE_LIFECYCLES.has(lifecycle) || lifecycle.endsWith(" leave")) return "active";
  return { unknown: lifecycle };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Managers' emails already checked: each is met once per report, so most checks would repeat. */
const managerEmails = new Map<string, string | null>();
/** Enough for the managers of a large company; past it the memo starts again rather than growing. */
const MANAGER_EMAILS_KEPT = 20_000;

/** A manager's email as learners carry it, or null: it only describes the manager, so a bad one is left out. */
function managerEmail(value: unknown): string | null {
  const text = asText(value);
  if (text === null) return null;
  const known = managerEmails.get(text);
  if (known !== undefined) return known;
  const checked = checkEmail(text);
  const email = checked.ok ? checked.email : null;
  if (managerEmails.size >= MANAGER_EMAILS_KEPT) managerEmails.clear();
  managerEmails.set(text, email);
  return email;
}

/**
 * The start date, or why it is left out. Another format means field_mapping points at a field that is not a
 * date (a reject, to fix the config); a day that does not exist (2026-02-30) is one person's bad data in Bob,
 * and a start date is not worth keeping someone from their courses, so the learner is written without one.
 */
function startDateOf(value: string | null): { date: string | null; warning?: string; reject?: string } {
  if (value === null) return { date: null };
  if (!DATE.test(value)) return { date: null, reject: `start date '${visible(value)}' is not YYYY-MM-DD` };
  if (!isCalendarDate(value))
    return {
      date: null,
      warning: `start date '${value}' is not a calendar date; the learner is written without one`,
    };
  return { date: value };
}

/** One Bob employee record (nested form plus `humanReadable`) → a learner, or the reason it cannot be one. */
export function mapEmployee(record: unknown, mapping: FieldMapping): MapResult {
  if (!isRecord(record)) {
    return { ok: false, external_id: null, email: null, reason: "not an employee object", record: null };
  }
  const external_id = asText(record.id);
  const rawEmail = read(record, mapping, "email");
  const checked = rawEmail === null ? null : checkEmail(rawEmail);
  // An email that is not an address is not a key either: the reject names the employee by id alone.
  const email = checked?.ok === true ? checked.email : null;
  // The reject is stored (sqlite `rejects`): keep who it is and what explains it, not every field Bob sent.
  // Built only for a reject: most records map cleanly.
  const reject = (reason: string): MapResult => ({
    ok: false,
    external_id,
    email,
    reason,
    record: {
      id: external_id,
      email: rawEmail,
      display_name: read(record, mapping, "display_name"),
      lifecycle_status: asText(readBobField(record, "internal.lifecycleStatus")),
    },
  });
  if (external_id === null) return reject("employee has no id");
  if (checked === null) return reject(`employee has no email (${mapping.email.join(", ")})`);
  if (!checked.ok) return reject(checked.reason);
  const startDate = startDateOf(read(record, mapping, "start_date"));
  if (startDate.reject !== undefined) return reject(startDate.reject);
  const learnerStatus = status(record);
  if (typeof learnerStatus !== "string") return reject(`unknown lifecycle status '${learnerStatus.unknown}'`);

  const reportsTo = readBobField(record, "work.reportsTo");
  const manager = isRecord(reportsTo) ? reportsTo : {};
  const managerName =
    asText(manager.displayName) ??
    ([asText(manager.firstName), asText(manager.surname)].filter((part) => part !== null).join(" ") || null);
  return {
    ok: true,
    learner: {
      external_id,
      email: checked.email,
      first_name: read(record, mapping, "first_name"),
      last_name: read(record, mapping, "last_name"),
      display_name: read(record, mapping, "display_name"),
      title: read(record, mapping, "title"),
      department: read(record, mapping, "department"),
      location: read(record, mapping, "location"),
      start_date: startDate.date,
      phone: read(record, mapping, "phone"),
      employment_type: read(record, mapping, "employment_type"),
      manager_external_id: asText(manager.id),
      manager_name: managerName,
      manager_email: managerEmail(manager.email),
      role: readBobField(record, "work.isManager") === true ? "supervisor" : "non-supervisor",
      status: learnerStatus,
    },
    warnings: startDate.warning === undefined ? [] : [startDate.warning],
  };
}
