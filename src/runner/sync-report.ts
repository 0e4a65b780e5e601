import type { LearnerAction, LearnerChange, LearnerCounts } from "../learner-events/index.js";
import type { FailureType } from "../protocol/index.js";
import type { RetriedRejects } from "./open-rejects.js";

export type { LearnerAction } from "../learner-events/index.js";

/** One learner change, from the destination's `change` event; `detail` says what changed, as its log did. */
export interface LearnerChangeEntry {
  readonly action: LearnerAction;
  readonly employee_id: string | null;
  readonly email: string | null;
  /** The learner's name, as the destination named them; absent from reports written before names were told. */
  readonly name?: string | null;
  /** The fields old → new, or the archive reason. */
  readonly detail: string;
  /**
   * The event's change as it came, for readers that show its parts (the console's field old → new); absent from
   * reports written before it was kept.
   */
  readonly change?: LearnerChange;
}

/** One record the destination could not write, from its `reject` event. */
export interface RejectEntry {
  readonly employee_id: string | null;
  readonly email: string | null;
  /** The person's name, when the destination knew it; absent from reports written before names were told. */
  readonly name?: string | null;
  readonly reason: string;
}

/** How many learners one course was assigned to, for one trigger: one line, not one per learner. */
export interface CourseAssignments {
  readonly course: string;
  /** The course rule's `when`: `new_learner`, `promoted_to_supervisor`, … */
  readonly trigger: string;
  readonly learners: number;
}

/** What one `hibob-learners sync` did: printed as a table, written as JSON and as a self-contained HTML page. */
export interface SyncReport {
  readonly connection: string;
  /** Sortable and file-name safe, e.g. `2026-11-23T17-00-00-000Z`. */
  readonly run_id: string;
  readonly started_at: string;
  readonly ended_at: string;
  readonly status: "succeeded" | "failed";
  /** A dry run: the counts and changes are what a real run would do; nothing was written or saved. */
  readonly dry_run: boolean;
  readonly failure: RunFailure | null;
  readonly streams: readonly StreamReport[];
  /** Learner writes as the destination counted them (created, updated, archived, …, rejected, skipped). */
  readonly learners: LearnerCounts;
  /** Rate-limit pauses the source reported, and how long they were in total. */
  readonly rate_limit_waits: { readonly count: number; readonly seconds: number };
  /**
   * Per-learner changes (created, updated, reactivated, archived), in the order they were applied; the
   * destination lists the first ones only. Course assignments are counted per course instead.
   */
  readonly changes: readonly LearnerChangeEntry[];
  readonly changes_not_listed: number;
  /** Courses assigned, per course and trigger; absent from reports written before they were summarised. */
  readonly course_assignments?: readonly CourseAssignments[];
  /** Every record that could not be written, with its reason. */
  readonly rejects: readonly RejectEntry[];
  /** The rejects of earlier syncs this one retried, and how many it resolved; null unless a real sync succeeded. */
  readonly retried_rejects: RetriedRejects | null;
  /** WARN messages of either connector, de-duplicated. */
  readonly warnings: readonly string[];
  /** Where the state the next run resumes from lives, and how many checkpoints this run saved. */
  readonly state: { readonly file: string; readonly checkpoints: number };
  /** The SQLite learner directory, when that is the target. */
  readonly learner_directory: string | null;
}

export interface RunFailure {
  readonly origin: "source" | "destination" | "runner";
  readonly stream: string | null;
  readonly failure_type: FailureType | null;
  readonly message: string;
}

export interface StreamReport {
  readonly name: string;
  readonly sync_mode: "full_refresh" | "incremental";
  readonly records_read: number;
  /** Records the destination committed (its echoed `destinationStats`). */
  readonly records_committed: number;
  readonly status: "complete" | "incomplete" | "not started" | "running";
}
