import type {
  CourseCount,
  FieldChange,
  LearnerChange as ChangeEvent,
  LearnerCounts,
} from "../learner-events/index.js";
import { COUNT_LABELS, learnerWarningText, rejectText, who as whoEmployee } from "../learner-events/index.js";
import { isRecord } from "../shared/is-record.js";

import type { Learner } from "./learner.js";
import type { Assignment, LearnerChange, Plan } from "./plan/index.js";
import { EMPTY_PLAN } from "./plan/index.js";
import type { ApplyResult } from "./targets/target.js";

export function addResult(totals: LearnerCounts, result: ApplyResult): LearnerCounts {
  return {
    ...totals,
    created: totals.created + result.created,
    updated: totals.updated + result.updated,
    archived: totals.archived + result.archived,
    reactivated: totals.reactivated + result.reactivated,
    managers_linked: totals.managers_linked + result.managers_linked,
    assigned: totals.assigned + result.assigned,
    notified: totals.notified + result.notified,
  };
}

export const sameTotals = (a: LearnerCounts, b: LearnerCounts): boolean =>
  COUNT_LABELS.every(([key]) => a[key] === b[key]);

function counts(totals: LearnerCounts): string {
  return COUNT_LABELS.map(([key, label]) => `${label} ${totals[key]}`).join(", ");
}

const SUMMARY = "Learners: ";
const PROGRESS = "Learners so far: ";
const DRY_RUN = "Dry run, nothing was written. ";

export function runSummary(totals: LearnerCounts): string {
  return `${SUMMARY}${counts(totals)}.`;
}

/** The readable text of a checkpoint's `batch` event: the counts so far. */
export function progressSummary(totals: LearnerCounts): string {
  return `${PROGRESS}${counts(totals)}.`;
}

/** A dry run's closing line: the counts a real run would report, after a prefix that says none are real. */
export function dryRunSummary(totals: LearnerCounts): string {
  return `${DRY_RUN}${runSummary(totals)}`;
}

/** An entry of the destination's (which calls the employee id `external_id`) as the event contract names it. */
const named = (entry: { readonly external_id: string | null; readonly email: string | null }) => ({
  employee_id: entry.external_id,
  email: entry.email,
});

/** Only the id and the email name a person in logs: never the rest of the record. */
export const who = (entry: { readonly external_id: string | null; readonly email: string | null }): string =>
  whoEmployee(named(entry));

/** A learner written without something Bob holds: `message` says what and why. */
export function warningLine(entry: {
  readonly external_id: string | null;
  readonly email: string | null;
  readonly message: string;
}): string {
  return learnerWarningText({ ...named(entry), message: entry.message });
}

/** `Rejected Jane Doe <jane@acme.test>: …`, by id and email when no name is known. */
export function rejectLine(entry: {
  readonly external_id: string | null;
  readonly email: string | null;
  readonly name?: string | null;
  readonly reason: string;
}): string {
  return `Rejected ${rejectText({ ...named(entry), name: entry.name, reason: entry.reason })}`;
}

/** The name people know a learner by: the display name, else the first and last names; null when Bob has none. */
export function learnerName(
  learner: Pick<Learner, "display_name" | "first_name" | "last_name">,
): string | null {
  if (learner.display_name !== null) return learner.display_name;
  return [learner.first_name, learner.last_name].filter((part) => part !== null).join(" ") || null;
}

/** A reject's name from the record it keeps: a mapped learner, or the mapping's summary of Bob's record. */
export function recordName(record: unknown): string | null {
  if (!isRecord(record)) return null;
  const text = (key: string): string | null => {
    const value = record[key];
    return typeof value === "string" && value.trim() !== "" ? value : null;
  };
  return learnerName({
    display_name: text("display_name"),
    first_name: text("first_name"),
    last_name: text("last_name"),
  });
}

/** Learners' names by external id: what an assignment, which carries no learner, is told with. */
export type LearnerNames = ReadonlyMap<string, string | null>;

const NO_NAMES: LearnerNames = new Map();

const fields = (entry: LearnerChange): FieldChange[] =>
  entry.changes.map((change) => ({ field: change.field, from: change.from, to: change.to }));

const whom = (learner: Learner) => ({
  employee_id: learner.external_id,
  email: learner.email,
  name: learnerName(learner),
});

/** Each learner change of a plan, in the order a target applies them; `names` names the assignees. */
export function* planChanges(plan: Plan, names: LearnerNames = NO_NAMES): Generator<ChangeEvent> {
  for (const learner of plan.creates) yield { action: "create", ...whom(learner) };
  for (const entry of plan.updates) yield { action: "update", ...whom(entry.learner), fields: fields(entry) };
  for (const entry of plan.reactivations)
    yield { action: "reactivate", ...whom(entry.learner), fields: fields(entry) };
  for (const entry of plan.archives)
    yield { action: "archive", ...whom(entry.learner), reason: entry.reason };
  for (const entry of plan.assignments)
    yield {
      action: "assign",
      employee_id: entry.external_id,
      email: entry.email,
      name: names.get(entry.external_id) ?? null,
      course: entry.course,
      trigger: entry.trigger,
    };
}

/**
 * The assignments of a plan that took effect: when the target assigned fewer courses than planned, those of
 * learners with a reject in its result did not.
 */
export function appliedAssignments(plan: Plan, result: ApplyResult): readonly Assignment[] {
  if (result.rejects.length === 0 || result.assigned >= plan.assignments.length) return plan.assignments;
  const rejected = new Set(result.rejects.map((reject) => reject.external_id));
  return plan.assignments.filter((entry) => !rejected.has(entry.external_id));
}

/** Adds assignments to per-course counts, keyed by course and trigger, in the order courses first came. */
export function countCourses(
  counts: Map<string, CourseCount>,
  assignments: readonly Pick<Assignment, "course" | "trigger">[],
): void {
  for (const { course, trigger } of assignments) {
    const key = `${course}\u0000${trigger}`;
    const found = counts.get(key);
    counts.set(key, { course, trigger, learners: (found?.learners ?? 0) + 1 });
  }
}

/**
 * The changes of a plan that took effect: a learner whose own write the target refused (`not_written`) has no
 * change, and when fewer courses were assigned than planned, neither have the assignments of learners with a
 * reject in this result. Each refusal is told as a reject instead, so the list agrees with the counts.
 */
export function appliedChanges(
  plan: Plan,
  result: ApplyResult,
  names: LearnerNames = NO_NAMES,
): { changes: Iterable<ChangeEvent>; total: number } {
  const planned = planChangeCount(plan);
  if (result.not_written.length === 0 && result.rejects.length === 0) {
    return { changes: planChanges(plan, names), total: planned };
  }
  const unwritten = new Set(result.not_written);
  const written = [...planChanges({ ...plan, assignments: [] }, names)].filter(
    (change) => change.employee_id === null || !unwritten.has(change.employee_id),
  );
  const assignments = appliedAssignments(plan, result);
  const applied = [...written, ...planChanges({ ...EMPTY_PLAN, assignments }, names)];
  return { changes: applied, total: applied.length };
}

/** How many changes `planChanges` gives for a plan, without building them. */
export function planChangeCount(plan: Plan): number {
  return (
    plan.creates.length +
    plan.updates.length +
    plan.reactivations.length +
    plan.archives.length +
    plan.assignments.length
  );
}

const MORE = "… and ";

/** Lets the first `limit` items of a run through and counts the rest, for one "… and N more" at the end. */
export function lineBudget(limit: number): {
  /** Items while the budget lasts; the rest of `total` is only counted, never built. */
  take<T>(items: Iterable<T>, total: number): T[];
  readonly more: () => number;
  readonly moreLine: () => string | null;
} {
  let shown = 0;
  let more = 0;
  return {
    take<T>(items: Iterable<T>, total: number): T[] {
      const taken: T[] = [];
      for (const item of items) {
        if (shown >= limit) break;
        taken.push(item);
        shown += 1;
      }
      more += total - taken.length;
      return taken;
    },
    more: () => more,
    moreLine: () => (more === 0 ? null : `${MORE}${more} more`),
  };
}
