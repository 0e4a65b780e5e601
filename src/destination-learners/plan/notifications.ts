import type { Learner } from "../learner.js";
import type { Assignment, Notification } from "./plan.js";

/** A welcome for each learner created, then a notice for each course assigned. */
export function notificationsOf(
  creates: readonly Learner[],
  assignments: readonly Assignment[],
): Notification[] {
  return [
    ...creates.map((learner): Notification => ({
      kind: "new_learner",
      external_id: learner.external_id,
      email: learner.email,
    })),
    ...assignments.map((entry): Notification => ({
      kind: "assignment",
      external_id: entry.external_id,
      email: entry.email,
      course: entry.course,
    })),
  ];
}
