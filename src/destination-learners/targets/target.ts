import type { Learner } from "../learner.js";
import type { Reject } from "../mapping.js";
import type { CurrentLearner, ExistingAssignment, Plan } from "../plan/index.js";

/** What a target holds now: the input of `planChanges`. */
export interface TargetSnapshot {
  readonly learners: readonly CurrentLearner[];
  readonly assignments: readonly ExistingAssignment[];
  /**
   * The learner fields this target stores (and reads back); undefined: every field. Planning compares only
   * these, so a field the target cannot hold (SCIM's start_date, EasyLlama's display_name) never plans an update.
   */
  readonly fields?: readonly (keyof Learner)[] | undefined;
  /**
   * Fields no learner on the target holds, which the target therefore presumes it cannot keep (a SCIM server
   * that ignores them): not compared, and a desired value for one is counted in `Plan.withheld`.
   */
  readonly presumed_fields?: readonly (keyof Learner)[] | undefined;
  /** False when the target keeps no manager id to read back (`PlanOptions.manager_links`); undefined: true. */
  readonly manager_links?: boolean | undefined;
}

/** Writes that took effect, by kind. */
export interface ApplyCounts {
  readonly created: number;
  readonly updated: number;
  readonly archived: number;
  readonly reactivated: number;
  readonly managers_linked: number;
  readonly assigned: number;
  readonly notified: number;
}

/** What one `apply` did. Counts are of writes that took effect; failed records are in `rejects`. */
export interface ApplyResult extends ApplyCounts {
  readonly rejects: readonly Reject[];
  /**
   * External ids of the learners whose own write (create, update, reactivation, archive) did not take effect:
   * a refused course or manager link is a reject too, but leaves its learner written.
   */
  readonly not_written: readonly string[];
  /**
   * The error that stopped the apply part-way (the target became unusable): the counts and rejects say what
   * happened before it, so the report tells what was really written; the destination then fails the sync.
   */
  readonly interrupted?: Error;
}

export const NO_WRITES: ApplyCounts = {
  created: 0,
  updated: 0,
  archived: 0,
  reactivated: 0,
  managers_linked: 0,
  assigned: 0,
  notified: 0,
};

export const NOTHING_APPLIED: ApplyResult = { ...NO_WRITES, rejects: [], not_written: [] };

/**
 * One learning platform (sqlite, SCIM, EasyLlama). A target applies a plan made by `planChanges` from its own
 * `load()`: archives first (leavers lose access whatever fails later), then creates, updates and reactivations,
 * then the manager links (every learner exists by then), then course assignments and notifications. A target that
 * is not one transaction writes the assignments of learners it already holds before changing them
 * (`assignmentOrder`), so a failure in between cannot lose the course a change triggered. `load()` gives each
 * learner's creation time when the target keeps one. A failure of one record (validation, conflict, a 5xx that
 * outlasted its retries) becomes a reject in the result and in the target's reject log, never an exception; a
 * target that becomes unusable part-way (auth, outage) returns what it wrote with `interrupted`, or throws
 * before writing. When `apply` resolves, its writes are durable.
 */
export interface Target {
  load(): Promise<TargetSnapshot>;
  /**
   * Optional: only the learners holding one of these external ids or emails (case-insensitive), with their
   * assignments. That is all a batch's plan needs, so a sync with many states does not reload the
   * whole target at each one; without it the write loop calls `load()`.
   */
  loadMatching?(externalIds: readonly string[], emails: readonly string[]): Promise<TargetSnapshot>;
  apply(plan: Plan): Promise<ApplyResult>;
  /**
   * Optional: warnings about the target found since the last call (a server that lacks Groups, drops an
   * attribute), each told once per sync; the destination logs them after each batch.
   */
  takeWarnings?(): readonly string[];
  /** Keeps rejects found before planning (mapping, duplicates) with their reasons. */
  recordRejects(rejects: readonly Reject[]): Promise<void>;
  close(): Promise<void>;
}
