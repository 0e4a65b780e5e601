import type { LearnerCounts } from "../learner-events/index.js";
import { COUNT_LABELS } from "../learner-events/index.js";

/** A dry run's counts are what a real run would do: each write is labelled as a "would". */
const WOULD: Readonly<Partial<Record<keyof LearnerCounts, string>>> = {
  created: "would create",
  updated: "would update",
  archived: "would archive",
  reactivated: "would reactivate",
  managers_linked: "would link managers",
  assigned: "would assign",
  notified: "would notify",
  rejected: "would reject",
};

/** The learner counts' labels in print order, for a sync or a dry run. */
export function countLabels(dryRun: boolean): readonly (readonly [keyof LearnerCounts, string])[] {
  return dryRun ? COUNT_LABELS.map(([key, label]) => [key, WOULD[key] ?? label] as const) : COUNT_LABELS;
}

/** What a report calls the run it describes. */
export const runTitle = (dryRun: boolean): string => (dryRun ? "Dry run" : "Sync");

/** The headings of a report's change and reject lists. */
export const listTitles = (
  dryRun: boolean,
): { readonly changes: string; readonly rejects: string; readonly courses: string } =>
  dryRun
    ? { changes: "Changes it would make", rejects: "It would reject", courses: "Courses it would assign" }
    : { changes: "Changes", rejects: "Rejected", courses: "Courses assigned" };
