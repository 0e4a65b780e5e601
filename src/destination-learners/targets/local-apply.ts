import type { Learner } from "../learner.js";
import type { Assignment, Notification, Plan } from "../plan/index.js";
import { ApplyLedger } from "./apply-ledger.js";
import type { ApplyResult } from "./target.js";

/** How a target that writes in this process (the sqlite directory, a dry run's memory) writes each part. */
export interface LocalWrites {
  /** Writes `learner` over the one at `ref`, or as a new one when `ref` is null: null once written, else why not. */
  write(learner: Learner, ref: string | null): string | null;
  /** Whether a learner with this external id is held (those this apply wrote are known to be). */
  holds(externalId: string): boolean;
  /** Assigns a course: 1 when the learner did not have it, 0 when it did (or there is no such learner). */
  assign(entry: Assignment): number;
  notify(entry: Notification): void;
}

type Phase = "created" | "updated" | "reactivated" | "archived";

/**
 * Applies a plan in the order of the target contract: archives, creates, updates, reactivations, then the manager
 * links, courses and notifications of the learners whose own write took effect. A write that fails is that
 * learner's reject, with the record, and nothing that depends on it is done.
 */
export function applyLocally(plan: Plan, writes: LocalWrites): ApplyResult {
  const ledger = new ApplyLedger(plan);
  const planned = new Set(plan.rejects.map((entry) => entry.external_id));
  const skipped = (externalId: string): boolean => planned.has(externalId) || ledger.failed(externalId);
  const written = new Set<string>();
  const attempt = (phase: Phase, learner: Learner, ref: string | null): void => {
    const reason = writes.write(learner, ref);
    if (reason !== null) {
      ledger.rejectLearner(learner, reason, learner);
      return;
    }
    ledger.wrote(learner.external_id);
    ledger.count(phase);
    written.add(learner.external_id);
  };
  const changes = (phase: Phase, entries: readonly { readonly ref: string; readonly learner: Learner }[]) => {
    for (const entry of entries) attempt(phase, entry.learner, entry.ref);
  };

  changes("archived", plan.archives);
  for (const learner of plan.creates) attempt("created", learner, null);
  changes("updated", plan.updates);
  changes("reactivated", plan.reactivations);
  for (const { external_id, manager_external_id: manager } of plan.managers) {
    if (!skipped(external_id) && manager !== null && (written.has(manager) || writes.holds(manager))) {
      ledger.count("managers_linked");
    }
  }
  for (const entry of plan.assignments) {
    if (!skipped(entry.external_id) && writes.assign(entry) === 1) ledger.count("assigned");
  }
  const notifications = plan.notifications.filter((entry) => !skipped(entry.external_id));
  for (const entry of notifications) writes.notify(entry);
  return ledger.result(notifications.length);
}
