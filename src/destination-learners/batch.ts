import { addDays } from "./calendar.js";
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

export interface Batch {
  readonly learners: readonly Learner[];
  readonly rejects: readonly Reject[];
  readonly skipped: readonly Skip[];
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

/**
 * Employee records → the learners to sync. A later record for the same employee replaces an earlier one (a stream
 * may repeat an employee); every employee sharing an email with another is rejected, since no target could tell
 * them apart; filters skip the rest with a reason.
 */
export function prepareBatch(records: readonly unknown[], options: BatchOptions): Batch {
  const rejects: Reject[] = [];
  const byId = new Map<string, { learner: Learner; record: unknown }>();
  for (const record of records) {
    const result = mapEmployee(record, options.mapping);
    if (!result.ok) {
      rejects.push({
        external_id: result.external_id,
        email: result.email,
        reason: result.reason,
        record: result.record,
      });
    } else {
      byId.delete(result.learner.external_id);
      byId.set(result.learner.external_id, { learner: result.learner, record });
    }
  }

  const idsByEmail = new Map<string, string[]>();
  for (const { learner } of byId.values()) {
    idsByEmail.set(learner.email, [...(idsByEmail.get(learner.email) ?? []), learner.external_id]);
  }

  const filters = [
    labelFilter("employment type", options.include_employment_types, (learner) => learner.employment_type),
    labelFilter("department", options.include_departments, (learner) => learner.department),
    labelFilter("site", options.include_sites, (learner) => learner.location),
    startFilter(options),
  ];
  const learners: Learner[] = [];
  const skipped: Skip[] = [];
  for (const { learner, record } of byId.values()) {
    const sharing = idsByEmail.get(learner.email) ?? [];
    if (sharing.length > 1) {
      const others = sharing.filter((id) => id !== learner.external_id).join(", ");
      rejects.push({
        external_id: learner.external_id,
        email: learner.email,
        reason: `duplicate email: also used by employee ${others}`,
        record,
      });
      continue;
    }
    const reason = filters.map((filter) => filter(learner)).find((found) => found !== null);
    if (reason === undefined) learners.push(learner);
    else skipped.push({ external_id: learner.external_id, email: learner.email, reason });
  }
  return { learners, rejects, skipped };
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
