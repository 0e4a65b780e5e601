import type { Learner } from "../learner.js";
import { LEARNER_FIELDS } from "../learner.js";
import type { CurrentLearner } from "./current-learner.js";
import type { FieldChange } from "./plan.js";

/** The `fields` whose value differs between what the target holds and what is desired, old → new. */
export function fieldChanges(
  current: CurrentLearner["learner"],
  desired: Learner,
  fields: readonly (keyof Learner)[] = LEARNER_FIELDS,
): FieldChange[] {
  return fields
    .filter((field) => current[field] !== desired[field])
    .map((field) => ({ field, from: current[field], to: desired[field] }));
}
