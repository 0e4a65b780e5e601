import type { FieldChange, LearnerChange, LearnerCounts } from "./events.js";

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

/** Only the id and the email name a person in logs: never the rest of the record. */
export function employeeName(entry: {
  readonly employee_id: string | null;
  readonly email: string | null;
}): string {
  const id = entry.employee_id ?? "(no id)";
  return entry.email === null ? id : `${id} <${entry.email}>`;
}

/** `employee 123 <a@acme.test>`. */
export const who = (entry: { readonly employee_id: string | null; readonly email: string | null }): string =>
  `employee ${employeeName(entry)}`;

/** A learner written without something Bob holds: `Employee 7 <a@acme.test>: start date … is not a date`. */
export const learnerWarningText = (entry: {
  readonly employee_id: string | null;
  readonly email: string | null;
  readonly message: string;
}): string => `Employee ${employeeName(entry)}: ${entry.message}`;

const show = (value: string | null): string => (value === null ? "null" : JSON.stringify(value));

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
      return `'${change.course}' (${change.trigger.replaceAll("_", " ")})`;
  }
}

/** One change as a log line: `update employee 7 <…>: title: "A" → "B"`, `assign 'X' to employee 1 <…> (new learner)`. */
export function changeText(change: LearnerChange): string {
  const detail = changeDetail(change);
  switch (change.action) {
    case "archive":
      return `archive ${who(change)} (${detail})`;
    case "assign":
      return `assign '${change.course}' to ${who(change)} (${change.trigger.replaceAll("_", " ")})`;
    default:
      return `${change.action} ${who(change)}${detail === "" ? "" : `: ${detail}`}`;
  }
}
