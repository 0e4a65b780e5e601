import type { CurrentLearner } from "./current-learner.js";
import type { Archive } from "./plan.js";

// Learners whose employee is gone from Bob: named by a deletion record, or absent from a complete full refresh.

/** An active learner the destination manages, with the Bob employee id that makes it one. */
interface Managed {
  readonly entry: CurrentLearner;
  readonly id: string;
}

function archiveOf({ entry, id }: Managed, reason: Archive["reason"]): Archive {
  const learner = { ...entry.learner, external_id: id, status: "archived" as const };
  return { ref: entry.ref, learner, changes: [{ field: "status", from: "active", to: "archived" }], reason };
}

const managed = (current: readonly CurrentLearner[]): Managed[] =>
  current.flatMap((entry) => {
    const id = entry.learner.external_id;
    return id !== null && entry.learner.status === "active" ? [{ entry, id }] : [];
  });

/** Active learners the destination manages (they carry a Bob employee id): the only ones it may archive. */
export const managedLearners = (current: readonly CurrentLearner[]): CurrentLearner[] =>
  managed(current).map(({ entry }) => entry);

/** Active learners whose employee a deletion record reports gone; matched by external id, the only key it has. */
export function deletedLearners(
  current: readonly CurrentLearner[],
  deleted: readonly string[],
  matchedRefs: ReadonlySet<string>,
): Archive[] {
  const ids = new Set(deleted);
  return managed(current)
    .filter(({ entry, id }) => ids.has(id) && !matchedRefs.has(entry.ref))
    .map((learner) => archiveOf(learner, "deleted"));
}

/** Active managed learners whose employee id is not `present`, as "missing" archives. */
export function missingLearners(current: readonly CurrentLearner[], present: ReadonlySet<string>): Archive[] {
  return managed(current)
    .filter(({ id }) => !present.has(id))
    .map((learner) => archiveOf(learner, "missing"));
}
