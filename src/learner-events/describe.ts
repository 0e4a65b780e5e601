import type { FieldChange, LearnerChange, LearnerCounts } from "./events.js";
import { shownName, spelledOut } from "./shown-text.js";

// How events read to people: the destination's log text and a report's lines say the same thing in the same words.

/** The counts' labels, in print order: one table for the destination's summary line and a report's counts. */
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
] as const satisfies readonly (readonly [keyof LearnerCounts, string])[];

/** Who an event is about, as it carries them. */
export interface Person {
  readonly employee_id: string | null;
  readonly email: string | null;
  readonly name?: string | null | undefined;
}

/** `123 <a@acme.test>`: the employee id and the email, as logs named people before names were carried. */
export function employeeName(entry: Person): string {
  const id = entry.employee_id ?? "(no id)";
  return entry.email === null ? id : `${id} <${entry.email}>`;
}

/** `employee 123 <a@acme.test>`. */
export const who = (entry: Person): string => `employee ${employeeName(entry)}`;

/**
 * How a line names a person: by name first, as people know them (`Jane Doe <jane@acme.test>`, or
 * `Jane Doe (employee 123)` without an email); by id and email when Bob holds no name.
 */
export function personText(entry: Person): string {
  const { name } = entry;
  if (name === undefined || name === null || name === "") return who(entry);
  const shown = shownName(name);
  return entry.email === null ? `${shown} (${who(entry)})` : `${shown} <${entry.email}>`;
}

/** A learner written without something Bob holds: `Employee 7 <a@acme.test>: start date … is not a date`. */
export const learnerWarningText = (entry: Person & { readonly message: string }): string =>
  `Employee ${employeeName(entry)}: ${entry.message}`;

/** A value as JSON, its invisible characters spelled out too. */
const show = (value: string | null): string => (value === null ? "null" : spelledOut(JSON.stringify(value)));

/** `title: "A" → "B", phone: null → "+1"`; a reactivation's status change goes without saying. */
export const fieldList = (fields: readonly FieldChange[]): string =>
  fields
    .filter((change) => change.field !== "status")
    .map((change) => `${change.field}: ${show(change.from)} → ${show(change.to)}`)
    .join(", ");

/** What changed, without who: the fields old → new, the archive reason, or the course and why. */
export function changeDetail(change: LearnerChange): string {
  switch (change.action) {
    case "create":
      return "";
    case "update":
    case "reactivate":
      return fieldList(change.fields);
    case "archive":
      return change.reason;
    case "assign":
      return `'${change.course}' (${triggerText(change.trigger)})`;
  }
}

/** `new learner`, `promoted to supervisor`. */
export const triggerText = (trigger: string): string => trigger.replaceAll("_", " ");

/**
 * One change as a line, the person by name and then what changed: `create learner Jane Doe <jane@acme.test>`,
 * `update learner Jane Doe <…>: title: "A" → "B"`, `archive learner Jane Doe <…>: terminated`,
 * `assign 'Security basics' to Jane Doe <…> (new learner)`.
 */
export function changeText(change: LearnerChange): string {
  const detail = changeDetail(change);
  if (change.action === "assign")
    return `assign '${change.course}' to ${personText(change)} (${triggerText(change.trigger)})`;
  return `${change.action} learner ${personText(change)}${detail === "" ? "" : `: ${detail}`}`;
}

/** One reject as a line: the person by name, then the reason (`Jane Doe <jane@acme.test>: …`). */
export const rejectText = (entry: Person & { readonly reason: string }): string =>
  `${personText(entry)}: ${entry.reason}`;
