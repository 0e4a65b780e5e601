import type { Learner } from "../../learner.js";
import type { Reject } from "../../mapping.js";
import type { Assignment, LearnerChange, Plan } from "../../plan/index.js";
import { assignmentOrder, managersFirst } from "../../plan/index.js";
import type { ApplyResult } from "../target.js";
import type { ScimDirectory } from "./directory.js";
import { noteUser, userIdOf } from "./directory.js";
import type { GroupWriter } from "./groups.js";
import { forEachLimited } from "../pool.js";
import type { ScimServer } from "./server.js";
import type { UserWriter } from "./users.js";

export interface ScimWriters {
  readonly users: UserWriter;
  /** Undefined for a server without Groups: no course is assigned. */
  readonly groups: GroupWriter | undefined;
  readonly directory: ScimDirectory;
  readonly server: ScimServer;
  readonly concurrency: number;
}

/**
 * A plan against a SCIM server: the course group memberships of users already there (`assignmentOrder`), then
 * archives (active=false; SCIM clients never DELETE: leavers lose access first, whatever fails later), creates
 * (managers before their reports, so the manager link rides on the create), updates and reactivations, then the
 * manager links still to make, with the target's own ids, then the other memberships. Records within a phase are
 * independent, so several run at once; a record the server refuses or keeps failing is a reject.
 */
export async function applyScimPlan(plan: Plan, writers: ScimWriters): Promise<ApplyResult> {
  const { users, groups, directory, server, concurrency } = writers;
  const rejects: Reject[] = plan.rejects.map((entry) => ({ ...entry, record: null }));
  const planned = plan.rejects.map((entry) => entry.external_id);
  const failed = new Set<string>();
  const reject = (learner: Pick<Learner, "external_id" | "email">, reason: string, record: unknown): void => {
    failed.add(learner.external_id);
    rejects.push({ external_id: learner.external_id, email: learner.email, reason, record });
  };
  const counts = { created: 0, updated: 0, archived: 0, reactivated: 0, managers_linked: 0, assigned: 0 };

  const assign = async (assignments: readonly Assignment[]): Promise<void> => {
    if (assignments.length === 0) return;
    if (groups === undefined) {
      server.warnings.add(
        "The SCIM server has no Groups (/ResourceTypes, or 404 on /Groups): course rules assign no course through " +
          "it. Assign courses in the LMS, or use a target with course assignment.",
      );
      return;
    }
    const byCourse = new Map<string, { course: string; entries: { entry: Assignment; id: string }[] }>();
    for (const entry of assignments) {
      const id = userIdOf(directory, entry);
      if (failed.has(entry.external_id) || id === undefined) continue;
      const key = entry.course.trim().toLowerCase();
      const group = byCourse.get(key) ?? { course: entry.course, entries: [] };
      group.entries.push({ entry, id });
      byCourse.set(key, group);
    }
    await forEachLimited([...byCourse.values()], concurrency, async ({ course, entries }) => {
      const results = await groups.addMembers(
        course,
        entries.map(({ id }) => id),
      );
      for (const { entry, id } of entries) {
        const membership = results.get(id);
        if (membership === undefined) continue;
        if (!membership.ok) {
          rejects.push({
            external_id: entry.external_id,
            email: entry.email,
            reason: membership.reason,
            record: entry,
          });
        } else if (membership.added) counts.assigned += 1;
      }
    });
  };

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
    noteUser(directory, entry.learner, entry.ref);
    // A learner whose only changes SCIM cannot hold (start_date) needs no write and is not counted.
    if (written.wrote) counts[kind] += 1;
  };

  const linkManagers = async (): Promise<void> => {
    if (!server.support.managerLinks) return;
    await forEachLimited(plan.managers, concurrency, async (link) => {
      const id = directory.idByExternalId.get(link.external_id);
      if (failed.has(link.external_id) || id === undefined) return;
      const managerId =
        link.manager_external_id === null ? null : directory.idByExternalId.get(link.manager_external_id);
      // A manager outside the target (filtered out, not yet hired) is linked by a later sync.
      if (managerId === undefined || directory.managerOf.get(id) === managerId) return;
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
      if (managerId !== null) counts.managers_linked += 1;
    });
  };

  const { early, late } = assignmentOrder(plan, (externalId) => directory.idByExternalId.has(externalId));
  const phases = [
    () => assign(early),
    () => forEachLimited(plan.archives, concurrency, change("archived")),
    () => createAll(plan.creates, writers, reject, counts),
    () => forEachLimited(plan.updates, concurrency, change("updated")),
    () => forEachLimited(plan.reactivations, concurrency, change("reactivated")),
    linkManagers,
    () => assign(late),
  ];
  let interrupted: { readonly interrupted: Error } | undefined;
  try {
    for (const phase of phases) await phase();
  } catch (error) {
    // The target became unusable: what was written before still counts, and the destination then fails.
    interrupted = { interrupted: error instanceof Error ? error : new Error(String(error)) };
  }
  // SCIM has no notifications: the LMS sends its own invitations when a user is provisioned or joins a group.
  return { ...counts, notified: 0, rejects, not_written: [...planned, ...failed], ...interrupted };
}

/**
 * Creates, managers first: a report waits for its manager's create (started earlier, by the order) and sends
 * the link with its own; the manager pass then has nothing left to write for it.
 */
async function createAll(
  creates: readonly Learner[],
  { users, directory, concurrency }: ScimWriters,
  reject: (learner: Learner, reason: string, record: unknown) => void,
  counts: { created: number; managers_linked: number },
): Promise<void> {
  const making = new Map<string, Promise<string | undefined>>();
  await forEachLimited(managersFirst(creates), concurrency, async (learner) => {
    let settle: (id: string | undefined) => void = () => undefined;
    making.set(learner.external_id, new Promise((resolve) => (settle = resolve)));
    try {
      const managerExternalId = learner.manager_external_id;
      const managerId =
        managerExternalId === null
          ? null
          : ((await making.get(managerExternalId)) ??
            directory.idByExternalId.get(managerExternalId) ??
            null);
      const written = await users.create(learner, managerId);
      if (!written.ok) {
        reject(learner, written.reason, learner);
        return;
      }
      noteUser(directory, learner, written.id);
      directory.managerOf.set(written.id, written.manager);
      counts.created += 1;
      if (written.manager !== null) counts.managers_linked += 1;
      settle(written.id);
    } finally {
      settle(undefined);
    }
  });
}
