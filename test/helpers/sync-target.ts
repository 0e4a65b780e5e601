import type { Learner } from "../../src/destination-learners/learner.js";
import { planChanges } from "../../src/destination-learners/plan/index.js";
import type { ApplyResult, Target } from "../../src/destination-learners/targets/target.js";

/** One sync of `desired` into a target as the destination plans it: no course rules, nobody archived as missing. */
export async function syncTarget(target: Target, desired: readonly Learner[]): Promise<ApplyResult> {
  const current = await target.load();
  const plan = planChanges(current.learners, desired, current.assignments, {
    archive_terminated: true,
    archive_missing: false,
    max_archive_percent: 100,
    course_rules: [],
    notify_new_learners: false,
  });
  return target.apply(plan);
}
