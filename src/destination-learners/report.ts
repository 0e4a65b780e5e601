import type { FieldChange, LearnerChange as ChangeEvent, LearnerCounts } from "../learner-events/index.js";
import { COUNT_LABELS, learnerWarningText, NO_COUNTS, who as whoEmployee } from "../learner-events/index.js";

export { COUNT_LABELS } from "../learner-events/index.js";
import type { Learner } from "./learner.js";
import type { LearnerChange, Plan } from "./plan/index.js";
import type { ApplyResult } from "./targets/target.js";

/** What a sync did (or, in dry run, would do), summed over its batches: the event contract's counts. */
export type Totals = LearnerCounts;

export const NO_TOTALS: Totals = NO_COUNTS;

export function addResult(totals: Totals, result: ApplyResult): Totals {
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

export const sameTotals = (a: Totals, b: Totals): boolean => COUNT_LABELS.every(([key]) => a[key] === b[key]);

function counts(totals: Totals): string {
  return COUNT_LABELS.map(([key, label]) => `${label} ${totals[key]}`).join(", ");
}

const SUMMARY = "Learners: ";
const PROGRESS = "Learners so far: ";
const DRY_RUN = "Dry run, nothing was written. ";

export function runSummary(totals: Totals): string {
  return `${SUMMARY}${counts(totals)}.`;
}

/** The readable text of a checkpoint's `batch` event: the counts so far. */
export function progressSummary(totals: Totals): string {
  return `${PROGRESS}${counts(totals)}.`;
}

/** A dry run's closing line: the counts a real run would report, after a prefix that says none are real. */
export function dryRunSummary(totals: Totals): string {
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

export function rejectLine(entry: {
  readonly external_id: string | null;
  readonly email: string | null;
  readonly reason: string;
}): string {
  return `Rejected ${who(entry)}: ${entry.reason}`;
}

const fields = (entry: LearnerChange): FieldChange[] =>
  entry.changes.map((change) => ({ field: change.field, from: change.from, to: change.to }));

const whom = (learner: Learner) => ({ employee_id: learner.external_id, email: learner.email });

/** Each learner change of a plan, in the order a target applies them. */
export function* planChanges(plan: Plan): Generator<ChangeEvent> {
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
      course: entry.course,
      trigger: entry.trigger,
    };
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
