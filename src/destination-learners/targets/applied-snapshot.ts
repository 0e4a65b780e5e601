import type { CurrentLearner, LearnerChange, Plan } from "../plan/index.js";
import type { ApplyResult, TargetSnapshot } from "./target.js";

/**
 * What a target holds once `plan` was applied with `result`, derived without reading the target again: every
 * learner write the result does not list as not written took effect, and every assignment of a learner without a
 * reject. A remote target reads its whole directory once per
 * sync and plans each later batch against this, so a full refresh costs one read of the directory, not one per
 * checkpoint. `refOf` gives the target's id of a learner it created (known to the target once it answered).
 */
export function appliedSnapshot(
  snapshot: TargetSnapshot,
  plan: Plan,
  result: ApplyResult,
  refOf: (externalId: string) => string | undefined,
): TargetSnapshot {
  const failed = new Set([...plan.rejects.map((entry) => entry.external_id), ...result.not_written]);
  // A rejected assignment names its learner, not its course: none of that learner's is taken as made.
  const rejected = new Set([...failed, ...result.rejects.map((entry) => entry.external_id)]);
  const learners = new Map(snapshot.learners.map((entry) => [entry.ref, entry]));
  const assignments = [...snapshot.assignments];

  for (const learner of plan.creates) {
    const ref = refOf(learner.external_id);
    if (ref !== undefined && !failed.has(learner.external_id)) learners.set(ref, { ref, learner });
  }
  const changed = (entry: LearnerChange): void => {
    const held = learners.get(entry.ref);
    if (held === undefined || failed.has(entry.learner.external_id)) return;
    const learner: CurrentLearner = { ...held, learner: entry.learner };
    learners.set(entry.ref, learner);
  };
  for (const entries of [plan.updates, plan.reactivations, plan.archives]) entries.forEach(changed);
  for (const entry of plan.assignments) {
    const ref = refOf(entry.external_id);
    if (ref !== undefined && !rejected.has(entry.external_id))
      assignments.push({ ref, course: entry.course });
  }
  return { ...snapshot, learners: [...learners.values()], assignments };
}
