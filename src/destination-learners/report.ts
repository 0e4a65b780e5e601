import type { Learner } from "./learner.js";
import type { FieldChange, LearnerChange, Plan } from "./plan.js";
import { type ApplyCounts, type ApplyResult, NO_WRITES } from "./targets/target.js";

/** What a sync did (or, in dry run, would do), summed over its batches. */
export interface Totals extends ApplyCounts {
  readonly rejected: number;
  readonly skipped: number;
  /** Terminated employees who never had a learner: none is created for a leaver. */
  readonly leavers_not_created: number;
}

export const NO_TOTALS: Totals = { ...NO_WRITES, rejected: 0, skipped: 0, leavers_not_created: 0 };

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

/** The summary's labels, in print order: one table for writing the line, reading it back and reporting it. */
export const COUNT_LABELS = [
  ["created", "created"],
  ["updated", "updated"],
  ["archived", "archived"],
  ["reactivated", "reactivated"],
  ["managers_linked", "managers linked"],
  ["assigned", "assigned"],
  ["notified", "notified"],
  ["rejected", "rejected"],
  ["skipped", "skipped by filters"],
  ["leavers_not_created", "leavers not created"],
] as const satisfies readonly (readonly [keyof Totals, string])[];

function counts(totals: Totals): string {
  return COUNT_LABELS.map(([key, label]) => `${label} ${totals[key]}`).join(", ");
}

const SUMMARY = "Learners: ";
const PROGRESS = "Learners so far: ";
const DRY_RUN = "Dry run, nothing was written. ";

export function runSummary(totals: Totals): string {
  return `${SUMMARY}${counts(totals)}.`;
}

/** Logged after each checkpoint that wrote something, so a runner can show live counts. */
export function progressSummary(totals: Totals): string {
  return `${PROGRESS}${counts(totals)}.`;
}

/** A dry run's closing line: the counts a real run would report, after a prefix that says none are real. */
export function dryRunSummary(totals: Totals): string {
  return `${DRY_RUN}${runSummary(totals)}`;
}

/** The totals of a `runSummary`, `dryRunSummary` or `progressSummary` line, or null for any other log line. */
export function parseSummary(line: string): { readonly final: boolean; readonly totals: Totals } | null {
  const text = line.startsWith(DRY_RUN) ? line.slice(DRY_RUN.length) : line;
  const final = text.startsWith(SUMMARY);
  if (!final && !text.startsWith(PROGRESS)) return null;
  const totals: Record<keyof Totals, number> = { ...NO_TOTALS };
  for (const [key, label] of COUNT_LABELS) {
    const found = new RegExp(`\\b${label} (\\d+)`).exec(text);
    if (found?.[1] === undefined) return null;
    totals[key] = Number(found[1]);
  }
  return { final, totals };
}

/** Only the id and the email name a person in logs: never the rest of the record. */
export function who(entry: { readonly external_id: string | null; readonly email: string | null }): string {
  const id = entry.external_id ?? "(no id)";
  return entry.email === null ? `employee ${id}` : `employee ${id} <${entry.email}>`;
}

/** A learner written without something Bob holds: `message` says what and why. */
export function warningLine(entry: {
  readonly external_id: string | null;
  readonly email: string | null;
  readonly message: string;
}): string {
  return `E${who(entry).slice(1)}: ${entry.message}`;
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

/** How many lines `planLines` gives for a plan, without formatting them. */
export function planLineCount(plan: Plan): number {
  return (
    plan.creates.length +
    plan.updates.length +
    plan.reactivations.length +
    plan.archives.length +
    plan.assignments.length
  );
}

export type LearnerAction = "create" | "update" | "reactivate" | "archive" | "assign";

/** A `planLines` line read back: who, and what changed (fields, the archive reason, or the course). */
export interface LearnerChangeEntry {
  readonly action: LearnerAction;
  readonly employee_id: string | null;
  readonly email: string | null;
  readonly detail: string;
}

/** A `rejectLine` read back. */
export interface RejectEntry {
  readonly employee_id: string | null;
  readonly email: string | null;
  readonly reason: string;
}

const WHO = String.raw`employee (\(no id\)|\S+)(?: <([^>]*)>)?`;
const CHANGE = new RegExp(String.raw`^(create|update|reactivate|archive) ${WHO}(?:: (.*)| \((.*)\))?$`, "s");
const ASSIGN = new RegExp(String.raw`^assign '(.*)' to ${WHO} \((.*)\)$`, "s");
const REJECT = new RegExp(String.raw`^Rejected ${WHO}: (.*)$`, "s");

const idOf = (raw: string | undefined): string | null =>
  raw === undefined || raw === "(no id)" ? null : raw;

/** The learner change a `planLines` line describes, or null for any other log line. */
export function parseChangeLine(text: string): LearnerChangeEntry | null {
  const change = CHANGE.exec(text);
  if (change !== null) {
    const [, action = "", id, email, fields, reason] = change;
    return {
      action: action as LearnerAction,
      employee_id: idOf(id),
      email: email ?? null,
      detail: fields ?? reason ?? "",
    };
  }
  const assign = ASSIGN.exec(text);
  if (assign === null) return null;
  const [, course = "", id, email, trigger = ""] = assign;
  return {
    action: "assign",
    employee_id: idOf(id),
    email: email ?? null,
    detail: `'${course}' (${trigger})`,
  };
}

/** The reject a `rejectLine` line describes, or null for any other log line. */
export function parseRejectLine(text: string): RejectEntry | null {
  const found = REJECT.exec(text);
  if (found === null) return null;
  const [, id, email, reason = ""] = found;
  return { employee_id: idOf(id), email: email ?? null, reason };
}

const MORE = "… and ";

/** How many lines a `lineBudget`'s closing "… and N more" left out, or null for any other log line. */
export function parseMoreLine(text: string): number | null {
  const found = new RegExp(`^${MORE}(\\d+) more$`).exec(text);
  return found?.[1] === undefined ? null : Number(found[1]);
}

/** Lets the first `limit` lines of a run through and counts the rest, for one "… and N more" at the end. */
export function lineBudget(limit: number): {
  /** Lines while the budget lasts; the rest of `total` is only counted, never formatted. */
  take(lines: Iterable<string>, total: number): string[];
  readonly more: () => number;
  readonly moreLine: () => string | null;
} {
  let shown = 0;
  let more = 0;
  return {
    take(lines, total) {
      const taken: string[] = [];
      for (const line of lines) {
        if (shown >= limit) break;
        taken.push(line);
        shown += 1;
      }
      more += total - taken.length;
      return taken;
    },
    more: () => more,
    moreLine: () => (more === 0 ? null : `${MORE}${more} more`),
  };
}
