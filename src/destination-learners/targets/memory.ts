import type { Learner } from "../learner.js";
import type { Reject } from "../mapping.js";
import type { CurrentLearner, ExistingAssignment, LearnerChange, Plan } from "../plan/index.js";
import type { ApplyResult, Target, TargetSnapshot } from "./target.js";

const fold = (value: string): string => value.trim().toLowerCase();

/**
 * A target held in memory, seeded from what a real target holds: dry run applies each batch's plan here, so the
 * next batch is planned exactly as a real run would plan it, while nothing real is written. Like the sqlite
 * target it refuses an email another learner holds, case-insensitively.
 */
export function memoryTarget(initial: TargetSnapshot, warnings: readonly string[] = []): Target {
  const untold = [...warnings];
  const learners = new Map<string, CurrentLearner["learner"]>(
    initial.learners.map((entry) => [entry.ref, entry.learner]),
  );
  // Creation times stay with their ref; a learner created here has none, as it holds its courses already.
  const createdAt = new Map(initial.learners.map((entry) => [entry.ref, entry.created_at]));
  const assignments: ExistingAssignment[] = [...initial.assignments];
  const emailOwner = new Map<string, string>();
  for (const [ref, learner] of learners) emailOwner.set(fold(learner.email), ref);

  const write = (ref: string, learner: Learner): string | null => {
    const owner = emailOwner.get(fold(learner.email));
    if (owner !== undefined && owner !== ref) return "email already belongs to another learner";
    const before = learners.get(ref);
    if (before !== undefined && emailOwner.get(fold(before.email)) === ref)
      emailOwner.delete(fold(before.email));
    learners.set(ref, learner);
    emailOwner.set(fold(learner.email), ref);
    return null;
  };

  const refOf = (externalId: string): string | undefined =>
    [...learners].find(([, learner]) => learner.external_id === externalId)?.[0];

  return {
    load() {
      const current = [...learners].map(([ref, learner]): CurrentLearner => {
        const created = createdAt.get(ref);
        return created === undefined ? { ref, learner } : { ref, learner, created_at: created };
      });
      // A dry run plans against the real target's fields, or it would report updates the real run never makes.
      return Promise.resolve({
        learners: current,
        assignments: [...assignments],
        fields: initial.fields,
        presumed_fields: initial.presumed_fields,
        manager_links: initial.manager_links,
      });
    },
    apply(plan: Plan): Promise<ApplyResult> {
      const rejects: Reject[] = plan.rejects.map((entry) => ({ ...entry, record: null }));
      const failed = new Set(plan.rejects.map((entry) => entry.external_id));
      const refs = new Map<string, string>();
      const attempt = (ref: string, learner: Learner): boolean => {
        const reason = learners.has(ref) || ref.startsWith("new:") ? write(ref, learner) : "learner is gone";
        if (reason === null) {
          refs.set(learner.external_id, ref);
          return true;
        }
        rejects.push({ external_id: learner.external_id, email: learner.email, reason, record: learner });
        failed.add(learner.external_id);
        return false;
      };
      const change = (entry: LearnerChange): boolean => attempt(entry.ref, entry.learner);
      const created = plan.creates.filter((learner) => attempt(`new:${learner.external_id}`, learner)).length;
      const updated = plan.updates.filter(change).length;
      const reactivated = plan.reactivations.filter(change).length;
      const archived = plan.archives.filter(change).length;
      const known = new Set([...learners.values()].map((learner) => learner.external_id));
      const managersLinked = plan.managers.filter(
        (link) =>
          !failed.has(link.external_id) &&
          link.manager_external_id !== null &&
          known.has(link.manager_external_id),
      ).length;
      let assigned = 0;
      for (const entry of plan.assignments) {
        const ref = refs.get(entry.external_id) ?? refOf(entry.external_id);
        if (failed.has(entry.external_id) || ref === undefined) continue;
        assignments.push({ ref, course: entry.course });
        assigned += 1;
      }
      const notified = plan.notifications.filter((entry) => !failed.has(entry.external_id)).length;
      return Promise.resolve({
        created,
        updated,
        archived,
        reactivated,
        managers_linked: managersLinked,
        assigned,
        notified,
        rejects,
        not_written: [...failed],
      });
    },
    // What the real target said of itself when it was read (a SCIM server without Groups): a preview tells it too.
    takeWarnings: () => untold.splice(0),
    recordRejects: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
