import type { Learner } from "../../learner.js";
import { ROLES } from "../../learner.js";
import type { CurrentLearner } from "../../plan/index.js";

/** A learner as EasyLlama's API returns it (only what this target reads). */
export interface LlamaLearner {
  readonly id: number;
  readonly record: Readonly<Record<string, unknown>>;
}

export type LlamaBody = Record<string, string | null>;

/**
 * Learner field → EasyLlama learner field. first_name, last_name, email, phone, title and role are the
 * easyllama-client gem's (CODE); external_id, department, location, manager (the supervisor's *name*, as in the
 * SFTP "Manager" column), start_date and employment_type are assumptions to verify against the real API (INF).
 * display_name, manager_external_id and manager_email have no EasyLlama field; status is written as DELETE
 * (archive) or `status: "active"` (reactivate).
 */
const FIELD_KEYS: Partial<Record<keyof Learner, string>> = {
  external_id: "external_id",
  email: "email",
  first_name: "first_name",
  last_name: "last_name",
  title: "title",
  department: "department",
  location: "location",
  start_date: "start_date",
  phone: "phone",
  employment_type: "employment_type",
  manager_name: "manager",
  role: "role",
};

/**
 * What a load reads back and planning compares: the mapped fields and status. manager_external_id and
 * manager_email are only resolved from the manager's name, and display_name is first + last name.
 */
export const LLAMA_STORED_FIELDS: readonly (keyof Learner)[] = [
  ...(Object.keys(FIELD_KEYS) as (keyof Learner)[]),
  "status",
];

/** EasyLlama requires these; a learner without one keeps what the server has (or is refused on create). */
const REQUIRED = new Set(["first_name", "last_name"]);

/** The EasyLlama fields for these learner fields; every mapped field when `fields` is undefined. */
export function learnerBody(learner: Learner, fields?: readonly (keyof Learner)[]): LlamaBody {
  const wanted = fields ?? (Object.keys(FIELD_KEYS) as (keyof Learner)[]);
  const body: LlamaBody = {};
  for (const field of wanted) {
    const key = FIELD_KEYS[field];
    const value = learner[field];
    if (key === undefined || (value === null && REQUIRED.has(key))) continue;
    body[key] = value;
  }
  return body;
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

export const fullName = (record: Readonly<Record<string, unknown>>): string | null => {
  const name = [text(record.first_name), text(record.last_name)].filter((part) => part !== null).join(" ");
  return name === "" ? null : name;
};

const fold = (value: string): string => value.trim().toLowerCase();

/**
 * EasyLlama learners → the learners they stand for, with their `created_at` when EasyLlama gives it. The manager is a name there, so the manager's external id
 * and email are those of the one learner with that full name (none when the name is ambiguous).
 */
export function toCurrentLearners(learners: readonly LlamaLearner[]): CurrentLearner[] {
  const byName = new Map<string, Readonly<Record<string, unknown>> | null>();
  for (const { record } of learners) {
    const name = fullName(record);
    if (name !== null) byName.set(fold(name), byName.has(fold(name)) ? null : record);
  }
  return learners.flatMap(({ id, record }) => {
    const email = text(record.email);
    // A learner without email is EasyLlama-only (matched by ID in its SFTP feed); planning matches by email.
    if (email === null) return [];
    const managerName = text(record.manager);
    const manager = managerName === null ? undefined : byName.get(fold(managerName));
    const role = text(record.role);
    const created = text(record.created_at);
    return [
      {
        ref: String(id),
        ...(created === null ? {} : { created_at: created }),
        learner: {
          external_id: text(record.external_id),
          email: email.toLowerCase(),
          first_name: text(record.first_name),
          last_name: text(record.last_name),
          display_name: fullName(record),
          title: text(record.title),
          department: text(record.department),
          location: text(record.location),
          start_date: text(record.start_date),
          phone: text(record.phone),
          employment_type: text(record.employment_type),
          manager_external_id: manager === undefined || manager === null ? null : text(manager.external_id),
          manager_name: managerName,
          manager_email:
            manager === undefined || manager === null ? null : (text(manager.email)?.toLowerCase() ?? null),
          role: ROLES.find((known) => known === role) ?? "non-supervisor",
          status: record.status === "archived" ? "archived" : "active",
        },
      },
    ];
  });
}
