import type { ArchiveCapOptions } from "./archive-cap.js";
import { capGone } from "./archive-cap.js";
import type { CurrentLearner } from "./current-learner.js";
import { missingLearners } from "./gone-learners.js";
import type { Plan } from "./plan.js";
import { EMPTY_PLAN } from "./plan.js";

/**
 * The archive pass of a complete full refresh that arrived over several states: once every batch is applied,
 * the learners whose external id never came (`present`) are missing, subject to the same cap as `planChanges`.
 */
export function planMissing(
  current: readonly CurrentLearner[],
  present: ReadonlySet<string>,
  options: ArchiveCapOptions,
): Plan {
  const { gone, hold } = capGone(current, missingLearners(current, present), options);
  return { ...EMPTY_PLAN, archives: gone, archive_hold: hold };
}
