import type { CurrentLearner, ExistingAssignment, Plan } from "../plan/index.js";
import type { LocalWrites } from "./local-apply.js";
import { applyLocally } from "./local-apply.js";
import type { ApplyResult, Target, TargetSnapshot } from "./target.js";

const fold = (value: string): string => value.trim().toLowerCase();
const assignmentKey = (ref: string, course: string): string => `${ref}\u0000${course}`;

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
  const held = new Set(assignments.map((entry) => assignmentKey(entry.ref, entry.course)));
  const emailOwner = new Map<string, string>();
  const refOf = new Map<string, string>();
  for (const [ref, learner] of learners) {
    emailOwner.set(fold(learner.email), ref);
    // A learner the target holds without a Bob id (a SCIM user made by hand) is no one's ref.
    if (learner.external_id !== null) refOf.set(learner.external_id, ref);
  }

  const writes: LocalWrites = {
    write(learner, given) {
      const ref = given ?? `new:${learner.external_id}`;
      if (given !== null && !learners.has(given)) return "learner is gone";
      const owner = emailOwner.get(fold(learner.email));
      if (owner !== undefined && owner !== ref) return "email already belongs to another learner";
      const before = learners.get(ref);
      if (before !== undefined && emailOwner.get(fold(before.email)) === ref)
        emailOwner.delete(fold(before.email));
      // A rehire adopted under a new Bob id: the old id names no one any more.
      const formerId = before?.external_id ?? null;
      if (formerId !== null && refOf.get(formerId) === ref) refOf.delete(formerId);
      learners.set(ref, learner);
      emailOwner.set(fold(learner.email), ref);
      refOf.set(learner.external_id, ref);
      return null;
    },
    holds: (externalId) => refOf.has(externalId),
    assign(entry) {
      const ref = refOf.get(entry.external_id);
      if (ref === undefined || held.has(assignmentKey(ref, entry.course))) return 0;
      assignments.push({ ref, course: entry.course });
      held.add(assignmentKey(ref, entry.course));
      return 1;
    },
    notify: () => undefined,
  };

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
    apply: (plan: Plan): Promise<ApplyResult> => Promise.resolve(applyLocally(plan, writes)),
    // What the real target said of itself when it was read (a SCIM server without Groups): a preview tells it too.
    takeWarnings: () => untold.splice(0),
    recordRejects: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
