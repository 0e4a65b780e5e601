import type { Plan } from "./plan.js";

/** The `update` sync mode: change learners the target has, create none (nor link, assign or notify them). */
export function withoutCreates(plan: Plan): Plan {
  const created = new Set(plan.creates.map((learner) => learner.external_id));
  const kept = (entry: { readonly external_id: string }) => !created.has(entry.external_id);
  return {
    ...plan,
    creates: [],
    managers: plan.managers.filter(kept),
    assignments: plan.assignments.filter(kept),
    notifications: plan.notifications.filter(kept),
  };
}
