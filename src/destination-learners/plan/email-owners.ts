import type { CurrentLearner } from "./current-learner.js";
import { fold } from "./fold.js";
import type { Match } from "./match.js";

/**
 * Who holds each (folded) email once the plan is applied, by the target's ref: learners left alone keep theirs,
 * matched ones take the new one, and a learner keeping its email wins it over one changing onto it.
 */
export function emailOwners(
  current: readonly CurrentLearner[],
  matches: readonly Match[],
): Map<string, string> {
  const owners = new Map<string, string>();
  const matchedRefs = new Set(matches.flatMap((entry) => (entry.current ? [entry.current.ref] : [])));
  for (const entry of current)
    if (!matchedRefs.has(entry.ref)) owners.set(fold(entry.learner.email), entry.ref);
  const keeping = (entry: Match) =>
    entry.current !== undefined && fold(entry.current.learner.email) === entry.desired.email;
  for (const entry of [...matches.filter(keeping), ...matches.filter((entry) => !keeping(entry))]) {
    if (entry.current !== undefined && !owners.has(entry.desired.email)) {
      owners.set(entry.desired.email, entry.current.ref);
    }
  }
  return owners;
}

/** Why an email cannot be this employee's: naming the Bob employee whose active learner holds it, when one does. */
export function emailTaken(email: string, owner: CurrentLearner | undefined): string {
  const id = owner?.learner.status === "active" ? owner.learner.external_id : null;
  return id === null
    ? `email ${email} belongs to another learner in the target`
    : `email ${email} already belongs to the active learner of Bob employee ${id}`;
}
