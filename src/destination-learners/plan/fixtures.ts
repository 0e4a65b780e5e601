// What the plan's tests share: options, a learner as a target holds it, a crowd, and a plan in short.
import type { Learner } from "../learner.js";
import type { CurrentLearner } from "./current-learner.js";
import type { PlanOptions } from "./options.js";
import type { Plan } from "./plan.js";
import { learner } from "../../../test/fixtures/learner.js";

export const OPTIONS: PlanOptions = {
  archive_terminated: true,
  archive_missing: true,
  max_archive_percent: 10,
  course_rules: [],
  notify_new_learners: false,
};

export const held = (entry: Learner, ref = entry.external_id): CurrentLearner => ({ ref, learner: entry });

/** A learner the target holds without an external id: an LMS user the destination does not manage. */
export const unmanaged = (entry: Learner, ref: string): CurrentLearner => ({
  ref,
  learner: { ...entry, external_id: null },
});

/** A plan's learner changes in short, for comparing whole plans in one assertion. */
export function summary(plan: Plan) {
  return {
    creates: plan.creates.map((entry) => entry.external_id),
    updates: plan.updates.map((entry) => [entry.ref, entry.changes.map((change) => change.field)]),
    archives: plan.archives.map((entry) => [entry.ref, entry.reason]),
    reactivations: plan.reactivations.map((entry) => [entry.ref, entry.learner.external_id]),
    rejects: plan.rejects.map((entry) => entry.external_id),
  };
}
export type Summary = ReturnType<typeof summary>;
export const NONE: Summary = { creates: [], updates: [], archives: [], reactivations: [], rejects: [] };

/** Twenty active learners so one gone employee stays under the default 10% cap. */
export const crowd = Array.from({ length: 20 }, (_, index) => learner(`c${index}`));
