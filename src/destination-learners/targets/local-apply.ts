import type { Learner } from "../learner.js";
import type { Reject } from "../mapping.js";
import type { Assignment, Notification, Plan } from "../plan/index.js";
import type { ApplyResult } from "./target.js";

/** How a target that writes in this process (the sqlite directory, a dry run's memory) writes each part. */
export interface LocalWrites {
  /** Writes `learner` over the one at `ref`, or as a new one when `ref` is null: null once written, else why not. */
  write(learner: Learner, ref: string | null): string | null;
  /** Whether a learner with this external id is held (those this apply wrote are known to be). */
  holds(externalId: string): boolean;
  /** Assigns a course: 1 when it is new to the learner, 0 when the learner had it. */
  assign(entry: Assignment): number;
  notify(entry: Notification): void;
}

/**
 * Applies a plan in the order of the target contract: archives, creates, updates, reactivations, then the manager
 * links, courses and notifications of the learners whose own write took effect. A write that fails is that
 * learner's reject, with the record, and nothing that depends on it is done.
 */
export function applyLocally(plan: Plan, writes: LocalWrites): ApplyResult {
  const rejects: Reject[] = plan.rejects.map((entry) => ({ ...entry, record: null }));
  const failed = new Set(plan.rejects.map((entry) => entry.external_id));
  const written = new Set<string>();
  const attempt = (learner: Learner, ref: string | null): boolean => {
    const reason = writes.write(learner, ref);
    if (reason === null) {
      written.add(learner.external_id);
      return true;
    }
    rejects.push({ external_id: learner.external_id, email: learner.email, reason, record: learner });
    failed.add(learner.external_id);
    return false;
  };
  const changed = (entries: readonly { readonly ref: string; readonly learner: Learner }[]): number =>
    entries.filter((entry) => attempt(entry.learner, entry.ref)).length;

  const archived = changed(plan.archives);
  const created = plan.creates.filter((learner) => attempt(learner, null)).length;
  const updated = changed(plan.updates);
  const reactivated = changed(plan.reactivations);
  const managersLinked = plan.managers.filter(
    ({ external_id, manager_external_id: manager }) =>
      !failed.has(external_id) && manager !== null && (written.has(manager) || writes.holds(manager)),
  ).length;
  let assigned = 0;
  for (const entry of plan.assignments) {
    if (!failed.has(entry.external_id)) assigned += writes.assign(entry);
  }
  const notifications = plan.notifications.filter((entry) => !failed.has(entry.external_id));
  for (const entry of notifications) writes.notify(entry);
  return {
    created,
    updated,
    archived,
    reactivated,
    managers_linked: managersLinked,
    assigned,
    notified: notifications.length,
    rejects,
    not_written: [...failed],
  };
}
