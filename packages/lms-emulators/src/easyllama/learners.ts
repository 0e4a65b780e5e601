import type { JsonObject } from "@hibob-learners/emulator-kit";
import { timestamp } from "./context.js";
import type { EasyLlamaContext } from "./context.js";
import { EasyLlamaHttpError, notFound, unprocessable } from "./errors.js";
import { learnerCreateSchema, learnerUpdateSchema } from "./model.js";
import type { Learner, LearnerUpdate } from "./model.js";
import { optionalString, pageOf, positiveInteger } from "./params.js";
import { validate } from "./validation.js";

const LIST_STATUSES = ["active", "archived", "all"] as const;

/**
 * GET /learners lists active learners (CODE: the gem's "Fetch all active learners"). INF: `status=archived|all`
 * to find archived learners (a rehire must reuse them), and `email` / `external_id` filters.
 */
export function listLearners(context: EasyLlamaContext, params: JsonObject): Learner[] {
  const status = optionalString(params.status) ?? "active";
  if (!LIST_STATUSES.some((allowed) => allowed === status)) {
    throw new EasyLlamaHttpError(400, `status must be one of ${LIST_STATUSES.join(", ")}`);
  }
  const email = optionalString(params.email)?.toLowerCase();
  const externalId = optionalString(params.external_id);
  const matching = context.store
    .learners()
    .filter((learner) => status === "all" || learner.status === status)
    .filter((learner) => email === undefined || learner.email?.toLowerCase() === email)
    .filter((learner) => externalId === undefined || learner.external_id === externalId);
  return pageOf(matching, positiveInteger(params.page, "page") ?? 1, context.pageSize);
}

/** Archived learners stay readable by id. */
export function getLearner(context: EasyLlamaContext, id: number): Learner {
  const learner = context.store.learner(id);
  if (learner === undefined) throw notFound(`Learner ${id}`);
  return learner;
}

export function createLearner(context: EasyLlamaContext, input: unknown): Learner {
  const fields = validate(learnerCreateSchema, input);
  const now = timestamp(context);
  const learner: Learner = {
    id: 0,
    first_name: fields.first_name,
    middle_name: fields.middle_name ?? null,
    last_name: fields.last_name,
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    title: fields.title ?? null,
    role: fields.role ?? "non-supervisor",
    external_id: fields.external_id ?? null,
    department: fields.department ?? null,
    location: fields.location ?? null,
    manager: fields.manager ?? null,
    start_date: fields.start_date ?? null,
    employment_type: fields.employment_type ?? null,
    state: fields.state ?? null,
    country: fields.country ?? null,
    status: "active",
    archived_at: null,
    created_at: now,
    updated_at: now,
  };
  check(context, learner, undefined);
  const created = { ...learner, id: context.store.nextLearnerId() };
  context.store.putLearner(created);
  return created;
}

/** PATCH: only the fields sent change; `updated_at` moves only when something did (Rails dirty tracking). */
export function updateLearner(context: EasyLlamaContext, id: number, input: unknown): Learner {
  const current = getLearner(context, id);
  const fields = validate(learnerUpdateSchema, input);
  const merged = merge(current, fields, timestamp(context));
  if (sameContent(current, merged)) return current;
  check(context, merged, id);
  context.store.putLearner(merged);
  return merged;
}

/** DELETE /learners/{id} archives (CODE: the gem calls it `archive`); archiving twice is harmless (INF). */
export function archiveLearner(context: EasyLlamaContext, id: number): void {
  const current = getLearner(context, id);
  if (current.status === "archived") return;
  const now = timestamp(context);
  context.store.putLearner({ ...current, status: "archived", archived_at: now, updated_at: now });
}

const NULLABLE_FIELDS = [
  "middle_name",
  "email",
  "phone",
  "title",
  "external_id",
  "department",
  "location",
  "manager",
  "start_date",
  "employment_type",
  "state",
  "country",
] as const;

/** A field sent as null is cleared; a field not sent is kept. */
function merge(current: Learner, fields: LearnerUpdate, now: string): Learner {
  const changes: Partial<Record<(typeof NULLABLE_FIELDS)[number], string | null>> = {};
  for (const key of NULLABLE_FIELDS) {
    const value = fields[key];
    if (value !== undefined) changes[key] = value;
  }
  const next: Learner = {
    ...current,
    ...changes,
    first_name: fields.first_name ?? current.first_name,
    last_name: fields.last_name ?? current.last_name,
    role: fields.role ?? current.role,
    updated_at: now,
  };
  if (fields.status === undefined || fields.status === current.status) return next;
  return { ...next, status: fields.status, archived_at: fields.status === "archived" ? now : null };
}

function sameContent(a: Learner, b: Learner): boolean {
  return JSON.stringify({ ...a, updated_at: "" }) === JSON.stringify({ ...b, updated_at: "" });
}

/** EasyLlama matches by email first and by ID without one (DOC), so a learner needs one of them. */
function check(context: EasyLlamaContext, learner: Learner, self: number | undefined): void {
  if (learner.email === null && learner.external_id === null) {
    throw unprocessable("email or external_id is required");
  }
  const emailHolder = learner.email === null ? undefined : context.store.learnerIdByEmail(learner.email);
  if (emailHolder !== undefined && emailHolder !== self) {
    // INF: an archived learner's email blocks a new learner too; reactivate the archived one instead.
    throw unprocessable(`email has already been taken (learner ${emailHolder})`);
  }
  const idHolder =
    learner.external_id === null ? undefined : context.store.learnerIdByExternalId(learner.external_id);
  if (idHolder !== undefined && idHolder !== self) {
    throw unprocessable(`external_id has already been taken (learner ${idHolder})`);
  }
}
