import type { CourseTrigger } from "../config.js";
import type { Learner } from "../learner.js";

// What a plan says to write: the changes themselves, and EMPTY_PLAN / isEmptyPlan to build and test for none.

export interface FieldChange {
  readonly field: keyof Learner;
  readonly from: string | null;
  readonly to: string | null;
}

/** A change to a learner the target already has: only the fields that differ, old → new. */
export interface LearnerChange {
  readonly ref: string;
  readonly learner: Learner;
  readonly changes: readonly FieldChange[];
}

/** terminated: Bob says so; missing: absent from a complete full refresh; deleted: a deletion record. */
export interface Archive extends LearnerChange {
  readonly reason: "terminated" | "missing" | "deleted";
}

/** Second pass: point a learner at its manager once every learner exists, whatever order records came in. */
export interface ManagerLink {
  readonly external_id: string;
  readonly manager_external_id: string | null;
}

export interface Assignment {
  readonly external_id: string;
  readonly email: string;
  readonly course: string;
  readonly trigger: CourseTrigger;
}

export type Notification =
  | { readonly kind: "new_learner"; readonly external_id: string; readonly email: string }
  | {
      readonly kind: "assignment";
      readonly external_id: string;
      readonly email: string;
      readonly course: string;
    };

export interface PlanReject {
  readonly external_id: string;
  readonly email: string;
  readonly reason: string;
}

/** Why missing employees were not archived: the safety cap held. */
export interface ArchiveHold {
  readonly missing: number;
  readonly managed: number;
  readonly percent: number;
  readonly max_percent: number;
  readonly message: string;
}

export interface Plan {
  readonly creates: readonly Learner[];
  readonly updates: readonly LearnerChange[];
  readonly archives: readonly Archive[];
  readonly reactivations: readonly LearnerChange[];
  readonly managers: readonly ManagerLink[];
  readonly assignments: readonly Assignment[];
  readonly notifications: readonly Notification[];
  readonly rejects: readonly PlanReject[];
  readonly unchanged: number;
  /** Employees Bob reports terminated who have no learner: none is created for them. */
  readonly leavers_not_created: number;
  readonly archive_hold: ArchiveHold | null;
  /** Per field presumed dropped (`presumedFields`): learners whose Bob value the target holds none of. */
  readonly withheld: Readonly<Partial<Record<keyof Learner, number>>>;
}

export const EMPTY_PLAN: Plan = {
  creates: [],
  updates: [],
  archives: [],
  reactivations: [],
  managers: [],
  assignments: [],
  notifications: [],
  rejects: [],
  unchanged: 0,
  leavers_not_created: 0,
  archive_hold: null,
  withheld: {},
};

/** True when the plan writes nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return (
    plan.creates.length +
      plan.updates.length +
      plan.archives.length +
      plan.reactivations.length +
      plan.managers.length +
      plan.assignments.length +
      plan.notifications.length ===
    0
  );
}
