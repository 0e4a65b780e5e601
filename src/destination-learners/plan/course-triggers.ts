import { DAY_MS } from "../../shared/calendar-date.js";
import type { CourseTrigger } from "../config.js";
import type { Learner } from "../learner.js";
import type { CurrentLearner } from "./current-learner.js";

/**
 * How long a learner the target created for an employee still counts as new: a `new_learner` rule whose course
 * it does not hold yet still fires. A sync that failed between creating learners and assigning their courses
 * is re-run well within it, and a new rule reaches only this week's hires, never long-standing learners.
 */
export const NEW_LEARNER_DAYS = 7;

/** The earliest creation time (epoch ms) of a learner that is still new, or undefined when `now` is unknown. */
export function newSince(now: string | undefined): number | undefined {
  const at = now === undefined ? Number.NaN : Date.parse(now);
  return Number.isNaN(at) ? undefined : at - NEW_LEARNER_DAYS * DAY_MS;
}

/**
 * A learner the target created for this very employee (same external id) at or after `since`. A time ahead of
 * the sync's own (clock skew) counts as recent; an unreadable or absent one does not.
 */
function recentlyCreated(current: CurrentLearner, desired: Learner, since: number | undefined): boolean {
  if (since === undefined || current.created_at === undefined) return false;
  if (current.learner.external_id !== desired.external_id) return false;
  const created = Date.parse(current.created_at);
  return !Number.isNaN(created) && created >= since;
}

/**
 * The course triggers a learner fires, going from what the target holds (`current`) to `desired`. A change is
 * seen only in `fields` the target keeps: one that drops the department reads it back empty, which is no move.
 */
export function firedTriggers(
  current: CurrentLearner | undefined,
  desired: Learner,
  since: number | undefined,
  fields: readonly (keyof Learner)[] | undefined,
): Set<CourseTrigger> {
  const fired = new Set<CourseTrigger>();
  if (desired.status !== "active") return fired;
  // Not an event but a state: every active learner should hold the course, whenever the rule was added.
  fired.add("every_learner");
  if (current === undefined) return fired.add("new_learner");
  // Still new: its `new_learner` courses are due if a failed sync created it without them (the course rules
  // skip those it holds).
  if (recentlyCreated(current, desired, since)) fired.add("new_learner");
  const held = current.learner;
  const kept = (field: keyof Learner): boolean => fields === undefined || fields.includes(field);
  if (kept("role") && held.role !== "supervisor" && desired.role === "supervisor")
    fired.add("promoted_to_supervisor");
  if (kept("location") && desired.location !== null && held.location !== desired.location)
    fired.add("moved_location");
  if (kept("department") && desired.department !== null && held.department !== desired.department)
    fired.add("moved_department");
  return fired;
}
