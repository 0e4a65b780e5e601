import type { CourseRule } from "../config.js";
import type { Learner } from "../learner.js";

/** What the sync's config and the target decide about a plan. */
export interface PlanOptions {
  readonly archive_terminated: boolean;
  readonly archive_missing: boolean;
  readonly max_archive_percent: number;
  readonly course_rules: readonly CourseRule[];
  readonly notify_new_learners: boolean;
  /**
   * The learner fields the target stores (`TargetSnapshot.fields`); undefined: all. A field the target cannot
   * hold reads back empty, so comparing it would plan the same update at every sync.
   */
  readonly fields?: readonly (keyof Learner)[] | undefined;
  /**
   * `TargetSnapshot.presumed_fields`, fields no learner on the target holds: when Bob has values for most of the
   * learners held, not compared and counted in `Plan.withheld`; otherwise compared (`presumedFields`).
   */
  readonly presumed_fields?: readonly (keyof Learner)[] | undefined;
  /**
   * False when the target keeps no manager id to read back (EasyLlama stores the manager's name): a manager link
   * is then planned only when a stored manager field (name, email) changes, not at every sync. Undefined: true.
   */
  readonly manager_links?: boolean | undefined;
  /** Learners already archived as gone from Bob earlier in this sync: the cap counts the whole sync. */
  readonly archived_as_gone?: number | undefined;
  /**
   * When the sync started (ISO 8601): a learner the target created for the same employee within NEW_LEARNER_DAYS
   * before it is still new. Undefined: only a learner the plan creates is new.
   */
  readonly now?: string | undefined;
}
