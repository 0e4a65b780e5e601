import type { CurrentLearner } from "./current-learner.js";
import { managedLearners } from "./gone-learners.js";
import type { PlanOptions } from "./options.js";
import type { Archive, ArchiveHold } from "./plan.js";

/** The options the cap reads. */
export type ArchiveCapOptions = Pick<
  PlanOptions,
  "archive_missing" | "max_archive_percent" | "archived_as_gone"
>;

/**
 * Learners gone from Bob (deleted or missing) are archived unless, with those already archived as gone in this
 * sync, more than the cap's share of the managed learners would go: then none are, and the hold says why.
 * Gone is inferred, unlike a termination Bob reports, so a wrong view or filter must not empty the directory.
 */
export function capGone(
  current: readonly CurrentLearner[],
  candidates: readonly Archive[],
  options: ArchiveCapOptions,
): { gone: Archive[]; hold: ArchiveHold | null } {
  if (!options.archive_missing || candidates.length === 0) return { gone: [], hold: null };
  const before = options.archived_as_gone ?? 0;
  const count = candidates.length + before;
  const managed = managedLearners(current).length + before;
  const percent = (count / managed) * 100;
  if (percent <= options.max_archive_percent) return { gone: [...candidates], hold: null };
  const rounded = Math.round(percent * 10) / 10;
  return {
    gone: [],
    hold: {
      missing: count,
      managed,
      percent: rounded,
      max_percent: options.max_archive_percent,
      message:
        `${count} of ${managed} active learners (${rounded}%) are gone from Bob (deleted or no longer returned), ` +
        `more than max_archive_percent (${options.max_archive_percent}%), so none were archived as missing. ` +
        "Check the Bob service user's access (terminated or filtered people) or raise max_archive_percent.",
    },
  };
}
