import { addDays } from "../shared/calendar-date.js";
import type { FieldMapping } from "./field-mapping.js";
import type { Learner } from "./learner.js";
import type { Reject } from "./mapping.js";
import { mapEmployee } from "./mapping.js";

export interface BatchOptions {
  readonly mapping: FieldMapping;
  readonly include_employment_types: readonly string[];
  readonly include_departments: readonly string[];
  readonly include_sites: readonly string[];
  readonly new_hire_days_before_start?: number | undefined;
  /** `YYYY-MM-DD`, injected so the step stays pure. */
  readonly today: string;
}

/** An employee deliberately left out by a filter: not an error, but still counted and explained. */
export interface Skip {
  readonly external_id: string;
  readonly email: string;
  readonly reason: string;
}

/** A learner written without a value Bob holds, and why. */
export interface LearnerWarning {
  readonly external_id: string;
  readonly email: string;
  readonly message: string;
}

export interface Batch {
  readonly learners: readonly Learner[];
  readonly warnings: readonly LearnerWarning[];
  readonly rejects: readonly Reject[];
  readonly skipped: readonly Skip[];
  /** External ids of employees reported gone (deletion records): their learners are archived. */
  readonly deletions: readonly string[];
}

const fold = (value: string): string => value.trim().toLowerCase();

function labelFilter(name: string, allowed: readonly string[], pick: (learner: Learner) => string | null) {
  const set = new Set(allowed.map(fold));
  return (learner: Learner): string | null => {
    if (set.size === 0) return null;
    const value = pick(learner);
    return value !== null && set.has(fold(value)) ? null : `${name} '${value ?? ""}' is not included`;
  };
}

/** The marker the source sets on the one record reporting an employee who vanished from Bob. */
const DELETED_AT = "_ab_cdc_deleted_at";

/** The employee id of a record (`id`, a string, or a number on odd tenants), or null. */
export function recordId(record: unknown): string | null {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return null;
  const id = (record as Record<string, unknown>).id;
  if (typeof id === "string" && id.trim() !== "") return id.trim();
  return typeof id === "number" && Number.isFinite(id) ? String(id) : null;
}

/** The employee id of a deletion record (`{id, _ab_cdc_deleted_at}`, usually nothing else), or null. */
export function deletedEmployeeId(record: unknown): string | null {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return null;
  const deletedAt = (record as Record<string, unknown>)[DELETED_AT];
  return deletedAt === null || deletedAt === undefined || deletedAt === "" ? null : recordId(record);
}

export interface BatchBuilder {
  /** Maps one record at once, so a batch holds learners, not records (rejects keep theirs for the log). */
  add(record: unknown): void;
  /** Marks an employee as gone (soft_delete mode, or a deletion record). */
  remove(externalId: string): void;
  finish(): Batch;
}

/**
 * Employee records → the learners to sync, one record at a time. A later record for the same employee replaces
 * an earlier one (a stream may repeat an employee), a deletion record included; every employee sharing an email
 * with another is rejected, since no target could tell them apart; filters skip the rest with a reason.
 */
export function batchBuilder(options: BatchOptions): BatchBuilder {
  const rejects: Reject[] = [];
  const warnings: LearnerWarning[] = [];
  const byId = new Map<string, Learner>();
  const deletions = new Set<string>();
  const remove = (externalId: string): void => {
    byId.delete(externalId);
    deletions.add(externalId);
  };
  return {
    add(record) {
      const deleted = deletedEmployeeId(record);
      if (deleted !== null) {
        remove(deleted);
        return;
      }
      const result = mapEmployee(record, options.mapping);
      if (!result.ok) {
        const { external_id, email, reason } = result;
        rejects.push({ external_id, email, reason, record: result.record });
        return;
      }
      const id = result.learner.external_id;
      for (const message of result.warnings)
        warnings.push({ external_id: id, email: result.learner.email, message });
      deletions.delete(id);
      byId.delete(id);
      byId.set(id, result.learner);
    },
    remove,
    finish: () => ({ ...finishBatch([...byId.values()], rejects, [...deletions], options), warnings }),
  };
}

/** The whole-array form of `batchBuilder`. */
export function prepareBatch(records: readonly unknown[], options: BatchOptions): Batch {
  const builder = batchBuilder(options);
  for (const record of records) builder.add(record);
  return builder.finish();
}

function finishBatch(
  mapped: readonly Learner[],
  rejects: Reject[],
  deletions: readonly string[],
  options: BatchOptions,
): Omit<Batch, "warnings"> {
  const idsByEmail = new Map<string, string[]>();
  for (const learner of mapped) {
    const ids = idsByEmail.get(learner.email);
    if (ids === undefined) idsByEmail.set(learner.email, [learner.external_id]);
    else ids.push(learner.external_id);
  }

  const filters = [
    labelFilter("employment type", options.include_employment_types, (learner) => learner.employment_type),
    labelFilter("department", options.include_departments, (learner) => learner.department),
    labelFilter("site", options.include_sites, (learner) => learner.location),
    startFilter(options),
  ];
  const learners: Learner[] = [];
  const skipped: Skip[] = [];
  for (const learner of mapped) {
    const sharing = idsByEmail.get(learner.email) ?? [];
    if (sharing.length > 1) {
      const others = sharing.filter((id) => id !== learner.external_id).join(", ");
      rejects.push({
        external_id: learner.external_id,
        email: learner.email,
        reason: `duplicate email: also used by employee ${others}`,
        // The mapped learner stands in for the record: the batch no longer holds records.
        record: learner,
      });
      continue;
    }
    const reason = filters.map((filter) => filter(learner)).find((found) => found !== null);
    if (reason === undefined) learners.push(learner);
    else skipped.push({ external_id: learner.external_id, email: learner.email, reason });
  }
  return { learners, rejects, skipped, deletions };
}

function startFilter(options: BatchOptions): (learner: Learner) => string | null {
  const days = options.new_hire_days_before_start;
  if (days === undefined) return () => null;
  const latest = addDays(options.today, days);
  return (learner) =>
    learner.start_date !== null && learner.start_date > latest
      ? `starts ${learner.start_date}, more than ${days} days after ${options.today}`
      : null;
}
