import type { Learner } from "../../learner.js";
import type { Reject } from "../../mapping.js";
import type { Assignment, LearnerChange, Plan } from "../../plan/index.js";
import { assignmentOrder } from "../../plan/index.js";
import type { ApplyResult } from "../target.js";
import type { ScimDirectory } from "./directory.js";
import type { GroupWriter } from "./groups.js";
import { forEachLimited } from "./pool.js";
import type { UserWriter } from "./users.js";

export interface ScimWriters {
  readonly users: UserWriter;
  readonly groups: GroupWriter;
  readonly directory: ScimDirectory;
  readonly concurrency: number;
}

/**
 * A plan against a SCIM server, in the order Target promises: the course group memberships of users already
 * there (`assignmentOrder`), creates, then updates, reactivations and archives (active=false; SCIM clients never
 * DELETE), then manager links with the target's own ids once every learner exists, then the other memberships.
 * Records within a phase are independent, so a few run at once.
 */
export async function applyScimPlan(plan: Plan, writers: ScimWriters): Promise<ApplyResult> {
  const { users, groups, directory, concurrency } = writers;
  const rejects: Reject[] = plan.rejects.map((entry) => ({ ...entry, record: null }));
  const planned = plan.rejects.map((entry) => entry.external_id);
  const failed = new Set<string>();
  const reject = (learner: Pick<Learner, "external_id" | "email">, reason: string, record: unknown): void => {
    failed.add(learner.external_id);
    rejects.push({ external_id: learner.external_id, email: learner.email, reason, record });
  };
  const counts = { created: 0, updated: 0, archived: 0, reactivated: 0, managers_linked: 0, assigned: 0 };
  const assign = (assignments: readonly Assignment[]) =>
    forEachLimited(assignments, concurrency, async (entry) => {
      const id = directory.idByExternalId.get(entry.external_id);
      if (failed.has(entry.external_id) || id === undefined) return;
      const membership = await groups.addMember(entry.course, id);
      if (!membership.ok) {
        rejects.push({
          external_id: entry.external_id,
          email: entry.email,
          reason: membership.reason,
          record: entry,
        });
      } else if (membership.added) counts.assigned += 1;
    });
  const { early, late } = assignmentOrder(plan, (externalId) => directory.idByExternalId.has(externalId));
  await assign(early);

  await forEachLimited(plan.creates, concurrency, async (learner) => {
    const written = await users.create(learner);
    if (!written.ok) {
      reject(learner, written.reason, learner);
      return;
    }
    directory.idByExternalId.set(learner.external_id, written.id);
    directory.managerOf.set(written.id, null);
    counts.created += 1;
  });

  const change = (kind: "updated" | "archived" | "reactivated") => async (entry: LearnerChange) => {
    const written = await users.update(
      entry.ref,
      entry.learner,
      entry.changes.map((field) => field.field),
    );
    if (!written.ok) {
      reject(entry.learner, written.reason, entry.learner);
      return;
    }
    directory.idByExternalId.set(entry.learner.external_id, entry.ref);
    // A learner whose only changes SCIM cannot hold (start_date) needs no write and is not counted.
    if (written.wrote) counts[kind] += 1;
  };
  await forEachLimited(plan.updates, concurrency, change("updated"));
  await forEachLimited(plan.reactivations, concurrency, change("reactivated"));
  await forEachLimited(plan.archives, concurrency, change("archived"));

  await forEachLimited(plan.managers, concurrency, async (link) => {
    const id = directory.idByExternalId.get(link.external_id);
    if (failed.has(link.external_id) || id === undefined) return;
    const managerId =
      link.manager_external_id === null ? null : directory.idByExternalId.get(link.manager_external_id);
    // A manager outside the target (filtered out, not yet hired) is linked by a later sync.
    if (managerId === undefined) return;
    if (directory.managerOf.get(id) !== managerId) {
      const written = await users.linkManager(id, managerId);
      if (!written.ok) {
        rejects.push({
          external_id: link.external_id,
          email: null,
          reason: `manager: ${written.reason}`,
          record: link,
        });
        return;
      }
      directory.managerOf.set(id, managerId);
    }
    if (managerId !== null) counts.managers_linked += 1;
  });

  await assign(late);

  // SCIM has no notifications: the LMS sends its own invitations when a user is provisioned or joins a group.
  return { ...counts, notified: 0, rejects, not_written: [...planned, ...failed] };
}
