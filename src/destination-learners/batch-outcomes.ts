import type { BatchOutcomes } from "../learner-events/index.js";
import type { Plan } from "./plan/index.js";
import type { ApplyResult } from "./targets/target.js";

/**
 * Who a batch settled, by outcome: `learners` are the ids the batch wanted as learners (after filters),
 * `skipped` those left out (by a filter, or not created in update mode), `rejected` those it could not write. A write the target refused
 * (`not_written`) is a reject, never a write; a learner the plan left alone is unchanged.
 */
export function batchOutcomes(
  learners: readonly string[],
  plan: Plan,
  result: Pick<ApplyResult, "not_written">,
  rejected: readonly (string | null)[],
  skipped: readonly string[],
): BatchOutcomes {
  const failed = new Set(result.not_written);
  const took = (id: string): boolean => !failed.has(id);
  const written = [
    ...plan.creates.map((learner) => learner.external_id),
    ...[...plan.updates, ...plan.reactivations].map((entry) => entry.learner.external_id),
  ].filter(took);
  const archived = plan.archives.map((entry) => entry.learner.external_id).filter(took);
  const settled = new Set<string | null>([...written, ...archived, ...failed, ...rejected, ...skipped]);
  return {
    written,
    archived,
    unchanged: learners.filter((id) => !settled.has(id)),
    skipped: [...skipped],
  };
}
