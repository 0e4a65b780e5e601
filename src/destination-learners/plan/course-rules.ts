import type { CourseRule, CourseTrigger } from "../config.js";
import type { Learner } from "../learner.js";
import { fold } from "./fold.js";
import type { Assignment } from "./plan.js";

/** One course for one learner (the target's ref, or `new:<external id>` for one the plan creates). */
export const courseKey = (learnerKey: string, course: string): string => `${learnerKey}\u0000${course}`;

function ruleApplies(rule: CourseRule, learner: Learner): boolean {
  const where = rule.where;
  if (where === undefined) return true;
  const same = (want: string | undefined, have: string | null) =>
    want === undefined || (have !== null && fold(want) === fold(have));
  return (
    same(where.department, learner.department) &&
    same(where.location, learner.location) &&
    same(where.employment_type, learner.employment_type) &&
    (where.role === undefined || where.role === learner.role)
  );
}

/**
 * The courses `rules` assign to `learner` for the triggers it `fired`, each course once per learner: those in
 * `held` (assigned in the target or planned already, by courseKey) are skipped, and each new one is added to it.
 */
export function dueAssignments(
  rules: readonly CourseRule[],
  learner: Learner,
  learnerKey: string,
  fired: ReadonlySet<CourseTrigger>,
  held: Set<string>,
): Assignment[] {
  const due: Assignment[] = [];
  for (const rule of rules) {
    const key = courseKey(learnerKey, rule.course);
    if (!fired.has(rule.when) || !ruleApplies(rule, learner) || held.has(key)) continue;
    held.add(key);
    due.push({
      external_id: learner.external_id,
      email: learner.email,
      course: rule.course,
      trigger: rule.when,
    });
  }
  return due;
}
