// Bob's field-level permissions (a beta, in its changelog): table endpoints answer a column the service user may
// not view as null and list it in `restricted_columns`, so a null there is a missing permission, not an empty value.
import type { HistoryTable } from "./history-schema.js";

/** Columns Bob withheld: in every row (no View), or in past rows only (no View history). */
export interface Restricted {
  readonly noView: readonly string[];
  readonly noViewHistory: readonly string[];
}

/** What a pass collects over its pages, so it can warn once. */
export interface RestrictedSeen {
  readonly noView: Set<string>;
  readonly noViewHistory: Set<string>;
}

const SECTION: Record<HistoryTable, string> = {
  work: "Work",
  employment: "Employment",
  lifecycle: "Lifecycle",
};

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** Bob's `restricted_columns` object; anything else reads as nothing restricted. */
export function parseRestrictedColumns(value: unknown): Restricted {
  if (typeof value !== "object" || value === null) return { noView: [], noViewHistory: [] };
  const object = value as Record<string, unknown>;
  return {
    noView: names(object.no_view_permission),
    noViewHistory: names(object.no_view_history_permission),
  };
}

export function noneSeen(): RestrictedSeen {
  return { noView: new Set(), noViewHistory: new Set() };
}

export function addRestricted(seen: RestrictedSeen, restricted: Restricted): void {
  for (const column of restricted.noView) seen.noView.add(column);
  for (const column of restricted.noViewHistory) seen.noViewHistory.add(column);
}

/** Whether a column withheld before is no longer withheld: its permission was granted since. */
export function granted(before: readonly string[], now: Restricted): boolean {
  const still = new Set([...now.noView, ...now.noViewHistory]);
  return before.some((column) => !still.has(column));
}

const list = (columns: readonly string[]): string => columns.join(", ");

/** The one WARN of a pass: which columns are null and why, and what to allow in Bob; null when none were. */
export function restrictedColumnsWarning(table: HistoryTable, seen: RestrictedSeen): string | null {
  const noView = [...seen.noView].sort();
  // A column without View is null everywhere; its missing View history adds nothing.
  const noHistory = [...seen.noViewHistory].filter((column) => !seen.noView.has(column)).sort();
  if (noView.length === 0 && noHistory.length === 0) return null;
  const section = SECTION[table];
  const what = [
    ...(noView.length === 0 ? [] : [`${list(noView)} in every row (no View permission)`]),
    ...(noHistory.length === 0 ? [] : [`${list(noHistory)} in past rows (no View history permission)`]),
  ];
  const grant = [
    ...(noView.length === 0 ? [] : [`View for ${noView.map((c) => `${section} › ${c}`).join(", ")}`]),
    ...(noHistory.length === 0
      ? []
      : [`View history for ${noHistory.map((c) => `${section} › ${c}`).join(", ")}`]),
  ];
  return (
    `Bob's field-level permissions withheld columns of the ${section} table, so they are ` +
    `null in the records: ${what.join("; ")}. In Bob, open Settings › Permission groups, select the service ` +
    `user's group and, under People's data › People's fields, allow ${grant.join(", and ")}. Bob takes ` +
    "about 10 seconds to apply permission changes; the next sync then reads every row again, with its values."
  );
}
