import type { Learner } from "../learner.js";
import { capGone } from "./archive-cap.js";
import { courseKey, dueAssignments } from "./course-rules.js";
import { firedTriggers, newSince } from "./course-triggers.js";
import type { CurrentLearner, ExistingAssignment } from "./current-learner.js";
import { emailOwners, emailTaken } from "./email-owners.js";
import { fieldChanges } from "./field-changes.js";
import { deletedLearners } from "./gone-learners.js";
import { match } from "./match.js";
import { notificationsOf } from "./notifications.js";
import { presumedFields } from "./presumed-fields.js";
import type { PlanOptions } from "./options.js";
import type { Archive, Assignment, LearnerChange, ManagerLink, Plan, PlanReject } from "./plan.js";

/**
 * What to change in a target so it holds the desired learners: pure, so dry_run and every target share it.
 * Nothing in the result means nothing to write. Absence proves nothing here (a batch is part of a sync):
 * `planMissing` archives the employees a whole sync never sent.
 */
export function planChanges(
  current: readonly CurrentLearner[],
  desired: readonly Learner[],
  existingAssignments: readonly ExistingAssignment[],
  options: PlanOptions,
  /** External ids the source reported deleted: archived when `archive_missing` is on. */
  deleted: readonly string[] = [],
): Plan {
  const creates: Learner[] = [];
  const updates: LearnerChange[] = [];
  const archives: Archive[] = [];
  const reactivations: LearnerChange[] = [];
  const managers: ManagerLink[] = [];
  const rejects: PlanReject[] = [];
  const assignments: Assignment[] = [];
  let unchanged = 0;
  let leaversNotCreated = 0;
  const withheld: Partial<Record<keyof Learner, number>> = {};

  const matches = match(current, desired);
  const owners = emailOwners(current, matches);
  const matchedRefs = new Set(matches.flatMap((entry) => (entry.current ? [entry.current.ref] : [])));
  const byRef = new Map(current.map((entry) => [entry.ref, entry]));
  const heldCourses = new Set(existingAssignments.map((entry) => courseKey(entry.ref, entry.course)));
  const since = newSince(options.now);
  const { compared, presumed } = presumedFields(matches, options.fields, options.presumed_fields);
  // Each presumed field rides once on a write the plan makes anyway: its answer shows whether the target keeps
  // it after all (a field Bob filled in for everyone at once), at no extra request, and a sync without changes
  // still writes nothing.
  const unprobed = new Set(presumed);

  for (const { desired: wanted, current: found } of matches) {
    // A terminated employee never becomes a learner, whatever archive_terminated says.
    if (found === undefined && wanted.status === "archived") {
      leaversNotCreated += 1;
      continue;
    }
    // archive_terminated off: a terminated employee's learner keeps the status it has.
    const target: Learner =
      found !== undefined && wanted.status === "archived" && !options.archive_terminated
        ? { ...wanted, status: found.learner.status }
        : wanted;
    const owner = owners.get(target.email);
    if (owner !== undefined && owner !== found?.ref) {
      rejects.push({
        external_id: target.external_id,
        email: target.email,
        reason: emailTaken(target.email, byRef.get(owner)),
      });
      continue;
    }
    const learnerKey = found?.ref ?? `new:${target.external_id}`;
    owners.set(target.email, learnerKey);

    if (found === undefined) {
      creates.push(target);
      if (target.manager_external_id !== null) {
        managers.push({ external_id: target.external_id, manager_external_id: target.manager_external_id });
      }
    } else {
      const changes = fieldChanges(found.learner, target, compared);
      for (const field of presumed) {
        if (found.learner[field] !== null || target[field] === null) continue;
        if (changes.length > 0 && unprobed.delete(field))
          changes.push({ field, from: null, to: target[field] });
        else withheld[field] = (withheld[field] ?? 0) + 1;
      }
      if (changes.length === 0) unchanged += 1;
      const change = { ref: found.ref, learner: target, changes };
      if (found.learner.status === "archived" && target.status === "active") reactivations.push(change);
      else if (found.learner.status === "active" && target.status === "archived") {
        archives.push({ ...change, reason: "terminated" });
      } else if (changes.length > 0) updates.push(change);
      // Links are compared whether or not the target stores the manager's id as a field: a SCIM link to a
      // manager not yet there reads back empty, and is planned again until it can be made.
      const relinked =
        options.manager_links === false
          ? changes.some((entry) => entry.field === "manager_name" || entry.field === "manager_email")
          : found.learner.manager_external_id !== target.manager_external_id;
      if (relinked) {
        managers.push({ external_id: target.external_id, manager_external_id: target.manager_external_id });
      }
    }

    const fired = firedTriggers(found, target, since, compared);
    assignments.push(...dueAssignments(options.course_rules, target, learnerKey, fired, heldCourses));
  }

  // Deleted employees are "gone from Bob" (inferred, unlike terminations): capped with those gone before.
  const { gone, hold } = capGone(current, deletedLearners(current, deleted, matchedRefs), options);
  archives.push(...gone);

  return {
    creates,
    updates,
    archives,
    reactivations,
    managers,
    assignments,
    notifications: options.notify_new_learners ? notificationsOf(creates, assignments) : [],
    rejects,
    unchanged,
    leavers_not_created: leaversNotCreated,
    archive_hold: hold,
    withheld,
  };
}
