import type { CurrentLearner } from "./current-learner.js";
import type { Archive } from "./plan.js";

// Learners whose employee is gone from Bob: named by a deletion record, or absent from a complete full refresh.

function archiveOf(entry: CurrentLearner, reason: Archive["reason"]): Archive {
  const learner = {
    ...entry.learner,
    external_id: entry.learner.external_id ?? "",
    status: "archived" as const,
  };
  return { ref: entry.ref, learner, changes: [{ field: "status", from: "active", to: "archived" }], reason };
}

/** Active learners the destination manages (they carry a Bob employee id): the only ones it may archive. */
export const managedLearners = (current: readonly CurrentLearner[]): CurrentLearner[] =>
  current.filter((entry) => entry.learner.external_id !== null && entry.learner.status === "active");

/** Active learners whose employee a deletion record reports gone; matched by external id, the only key it has. */
export function deletedLearners(
  current: readonly CurrentLearner[],
  deleted: readonly string[],
  matchedRefs: ReadonlySet<string>,
): Archive[] {
  const ids = new Set(deleted);
  return managedLearners(current)
    .filter((entry) => entry.learner.external_id !== null && ids.has(entry.learner.external_id))
    .filter((entry) => !matchedRefs.has(entry.ref))
    .map((entry) => archiveOf(entry, "deleted"));
}

/** Active managed learners whose employee id is not `present`, as "missing" archives. */
export function missingLearners(current: readonly CurrentLearner[], present: ReadonlySet<string>): Archive[] {
  return managedLearners(current)
    .filter((entry) => entry.learner.external_id === null || !present.has(entry.learner.external_id))
    .map((entry) => archiveOf(entry, "missing"));
}
