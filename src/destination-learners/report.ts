import type { Learner } from "./learner.js";
import type { FieldChange, LearnerChange, Plan } from "./plan.js";
import { type ApplyCounts, type ApplyResult, NO_WRITES } from "./targets/target.js";

/** What a sync did (or, in dry run, would do), summed over its batches. */
export interface Totals extends ApplyCounts {
  readonly rejected: number;
  readonly skipped: number;
}

export const NO_TOTALS: Totals = { ...NO_WRITES, rejected: 0, skipped: 0 };

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

function counts(totals: Totals, verbs: { readonly create: string; readonly update: string }): string {
  const { create, update } = verbs;
  return (
    `${create} ${totals.created}, ${update} ${totals.updated}, archived ${totals.archived}, ` +
    `reactivated ${totals.reactivated}, managers linked ${totals.managers_linked}, ` +
    `assigned ${totals.assigned}, notified ${totals.notified}, rejected ${totals.rejected}, ` +
    `skipped by filters ${totals.skipped}`
  );
}

export function runSummary(totals: Totals): string {
  return `Learners: ${counts(totals, { create: "created", update: "updated" })}.`;
}

export function dryRunSummary(totals: Totals): string {
  return (
    `Dry run, nothing was written. Planned: ${counts(totals, { create: "created", update: "updated" })}` +
    " (counts as a real run would report them)."
  );
}

/** Only the id and the email name a person in logs: never the rest of the record. */
export function who(entry: { readonly external_id: string | null; readonly email: string | null }): string {
  const id = entry.external_id ?? "(no id)";
  return entry.email === null ? `employee ${id}` : `employee ${id} <${entry.email}>`;
}

export function rejectLine(entry: {
  readonly external_id: string | null;
  readonly email: string | null;
  readonly reason: string;
}): string {
  return `Rejected ${who(entry)}: ${entry.reason}`;
}

const show = (value: string | null): string => (value === null ? "null" : JSON.stringify(value));

function changeList(changes: readonly FieldChange[]): string {
  return changes.map((change) => `${change.field}: ${show(change.from)} → ${show(change.to)}`).join(", ");
}

function changed(verb: string, entry: LearnerChange, suffix = ""): string {
  const list = changeList(entry.changes.filter((change) => change.field !== "status"));
  return `${verb} ${who(entry.learner)}${suffix}${list === "" ? "" : `: ${list}`}`;
}

const created = (learner: Learner): string => `create ${who(learner)}`;

/** One line per learner change of a plan, in the order a target applies them. */
export function* planLines(plan: Plan): Generator<string> {
  for (const learner of plan.creates) yield created(learner);
  for (const entry of plan.updates) yield changed("update", entry);
  for (const entry of plan.reactivations) yield changed("reactivate", entry);
  for (const entry of plan.archives) yield `archive ${who(entry.learner)} (${entry.reason})`;
  for (const entry of plan.assignments)
    yield `assign '${entry.course}' to ${who(entry)} (${entry.trigger.replaceAll("_", " ")})`;
}

/** Lets the first `limit` lines of a run through and counts the rest, for one "… and N more" at the end. */
export function lineBudget(limit: number): {
  take(lines: Iterable<string>): string[];
  readonly more: () => number;
  readonly moreLine: () => string | null;
} {
  let shown = 0;
  let more = 0;
  return {
    take(lines) {
      const taken: string[] = [];
      for (const line of lines) {
        if (shown < limit) {
          taken.push(line);
          shown += 1;
        } else more += 1;
      }
      return taken;
    },
    more: () => more,
    moreLine: () => (more === 0 ? null : `… and ${more} more`),
  };
}
