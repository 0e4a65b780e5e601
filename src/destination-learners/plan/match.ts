import type { Learner } from "../learner.js";
import type { CurrentLearner } from "./current-learner.js";
import { fold } from "./fold.js";

/** A desired learner and the one the target holds for it, if any. */
export interface Match {
  readonly desired: Learner;
  readonly current: CurrentLearner | undefined;
}

/** By external id first, then by case-insensitive email (a rehire under a new id, a pre-existing LMS user). */
export function match(current: readonly CurrentLearner[], desired: readonly Learner[]): Match[] {
  const byId = new Map<string, CurrentLearner>();
  const byEmail = new Map<string, CurrentLearner>();
  for (const entry of current) {
    if (entry.learner.external_id !== null) byId.set(entry.learner.external_id, entry);
    byEmail.set(fold(entry.learner.email), entry);
  }
  const desiredIds = new Set(desired.map((learner) => learner.external_id));
  const taken = new Set<string>();
  const matches = desired.map((learner): Match => {
    const found = byId.get(learner.external_id);
    if (found !== undefined) taken.add(found.ref);
    return { desired: learner, current: found };
  });
  return matches.map((entry) => {
    if (entry.current !== undefined) return entry;
    const found = byEmail.get(entry.desired.email);
    if (found === undefined || heldByOther(found, entry.desired, desiredIds) || taken.has(found.ref))
      return entry;
    taken.add(found.ref);
    return { desired: entry.desired, current: found };
  });
}

/**
 * A learner found by email belongs to another employee when its external id differs and that employee is still
 * in this batch or its learner still active (two employees claiming one email): only an archived one is a rehire.
 */
function heldByOther(found: CurrentLearner, desired: Learner, desiredIds: ReadonlySet<string>): boolean {
  const owner = found.learner.external_id;
  if (owner === null || owner === desired.external_id) return false;
  return desiredIds.has(owner) || found.learner.status === "active";
}
