import type { LearnerChange, ManagerLink, Plan } from "../../plan/index.js";
import { assignmentOrder } from "../../plan/index.js";
import { ApplyLedger } from "../apply-ledger.js";
import { forEachLimited } from "../pool.js";
import type { ApplyResult } from "../target.js";
import { assignCourses } from "./assign-courses.js";
import { createUsers } from "./create-users.js";
import type { ScimDirectory } from "./directory.js";
import { noteUser } from "./directory.js";
import type { GroupWriter } from "./groups.js";
import type { ScimServer } from "./server.js";
import type { UserWriter } from "./users.js";

export interface ScimWriters {
  readonly users: UserWriter;
  /** Undefined for a server without Groups: no course is assigned. */
  readonly groups: GroupWriter | undefined;
  readonly directory: ScimDirectory;
  readonly server: ScimServer;
  /** Records of one phase in flight at once, at most; the HTTP edge's adaptive limit decides how many really are. */
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
  const ledger = new ApplyLedger(plan);

  const change = (kind: "updated" | "archived" | "reactivated") => async (entry: LearnerChange) => {
    if (ledger.failed(entry.learner.external_id)) return;
    const fields = entry.changes.map((field) => field.field);
    const written = await users.update(entry.ref, entry.learner, fields);
    if (!written.ok) {
      ledger.rejectLearner(entry.learner, written.reason, entry.learner);
      return;
    }
    noteUser(directory, entry.learner, entry.ref);
    ledger.wrote(entry.learner.external_id);
    // A learner whose only changes SCIM cannot hold (start_date) needs no write and is not counted.
    if (written.wrote) ledger.count(kind);
  };

  const link = async (entry: ManagerLink): Promise<void> => {
    const id = directory.idByExternalId.get(entry.external_id);
    if (ledger.failed(entry.external_id) || id === undefined) return;
    const managerId =
      entry.manager_external_id === null ? null : directory.idByExternalId.get(entry.manager_external_id);
    // A manager outside the target (filtered out, not yet hired) is linked by a later sync.
    if (managerId === undefined || directory.managerOf.get(id) === managerId) return;
    const written = await users.linkManager(id, managerId);
    if (!written.ok) {
      ledger.rejectPart({ external_id: entry.external_id, email: null }, `manager: ${written.reason}`, entry);
      return;
    }
    directory.managerOf.set(id, managerId);
    if (managerId !== null) ledger.count("managers_linked");
  };

  const assign = (assignments: Plan["assignments"], early: boolean) => () =>
    assignCourses(assignments, early, groups, directory, ledger, server.warnings, concurrency);
  const { early, late } = assignmentOrder(plan, (externalId) => directory.idByExternalId.has(externalId));
  await ledger.run([
    assign(early, true),
    () => forEachLimited(plan.archives, concurrency, change("archived")),
    () => createUsers(plan.creates, users, directory, ledger, concurrency),
    () => forEachLimited(plan.updates, concurrency, change("updated")),
    () => forEachLimited(plan.reactivations, concurrency, change("reactivated")),
    () => (server.support.managerLinks ? forEachLimited(plan.managers, concurrency, link) : undefined),
    assign(late, false),
  ]);
  // SCIM has no notifications: the LMS sends its own invitations when a user is provisioned or joins a group.
  return ledger.result();
}
