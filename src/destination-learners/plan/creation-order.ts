import type { Learner } from "../learner.js";

/**
 * The creates in an order where each manager comes before the reports it manages (the directory's order), so a
 * target can send the manager link with each create instead of a second write once the manager exists. Stable:
 * learners keep their order otherwise. A loop of managers (Bob allows none, but data can hold one) is broken
 * where it was met: that learner comes first and is linked by the manager pass.
 */
export function managersFirst(creates: readonly Learner[]): Learner[] {
  const byId = new Map(creates.map((learner) => [learner.external_id, learner]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const ordered: Learner[] = [];
  const place = (learner: Learner): void => {
    const id = learner.external_id;
    if (placed.has(id) || visiting.has(id)) return;
    visiting.add(id);
    const manager = learner.manager_external_id === null ? undefined : byId.get(learner.manager_external_id);
    if (manager !== undefined) place(manager);
    visiting.delete(id);
    placed.add(id);
    ordered.push(learner);
  };
  for (const learner of creates) place(learner);
  return ordered;
}
