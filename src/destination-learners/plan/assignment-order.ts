import type { Assignment, Plan } from "./plan.js";

/**
 * A plan's assignments in the order a target writing one request at a time makes them. `early` ones go to
 * learners the target already holds active (`holds`: known to it by external id) and not reactivated: they are
 * written before the learner changes, because a change-based trigger (a promotion, a move) fires only while the
 * change is still to make. A sync failing between the two then leaves the change unmade, and the next sync plans
 * both again and finds the course held. `late` ones wait for their learner to be created or reactivated.
 */
export function assignmentOrder(
  plan: Plan,
  holds: (externalId: string) => boolean,
): { readonly early: readonly Assignment[]; readonly late: readonly Assignment[] } {
  const arriving = new Set([
    ...plan.creates.map((learner) => learner.external_id),
    ...plan.reactivations.map((entry) => entry.learner.external_id),
  ]);
  const early: Assignment[] = [];
  const late: Assignment[] = [];
  for (const entry of plan.assignments) {
    if (arriving.has(entry.external_id) || !holds(entry.external_id)) late.push(entry);
    else early.push(entry);
  }
  return { early, late };
}
