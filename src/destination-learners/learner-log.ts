import type { BatchOutcomes, CourseCount, LearnerCounts, LearnerEventBody } from "../learner-events/index.js";
import { changeText, eventLog, NO_COUNTS } from "../learner-events/index.js";
import type { Emitter, LogLevel } from "../protocol/index.js";
import type { LearnerWarning } from "./batch.js";
import type { Reject } from "./mapping.js";
import type { Plan } from "./plan/index.js";
import type { LearnerNames } from "./report.js";
import {
  addResult,
  appliedAssignments,
  appliedChanges,
  countCourses,
  dryRunSummary,
  lineBudget,
  progressSummary,
  recordName,
  rejectLine,
  runSummary,
  sameTotals,
  warningLine,
} from "./report.js";
import type { ApplyResult } from "./targets/target.js";

/**
 * Everything a write tells, as LOG lines that each carry their event (the learner-events contract): the first
 * `limit` learner changes, every reject and warning, the counts after each batch and at the end. It keeps the
 * totals, so counts and lists come from one place.
 */
export class LearnerLog {
  readonly #emitter: Emitter;
  readonly #budget: ReturnType<typeof lineBudget>;
  #totals: LearnerCounts = NO_COUNTS;
  /** The totals the last `batch` event carried. */
  #told: LearnerCounts = NO_COUNTS;
  /** Courses assigned, per course and trigger: every one, though the change lines stop at the limit. */
  readonly #courses = new Map<string, CourseCount>();

  constructor(emitter: Emitter, limit: number) {
    this.#emitter = emitter;
    this.#budget = lineBudget(limit);
  }

  get totals(): LearnerCounts {
    return this.#totals;
  }

  #say(level: LogLevel, text: string, event: LearnerEventBody): Promise<void> {
    return this.#emitter.emit(eventLog(level, text, event));
  }

  /** A line for people only: it reports nothing a reader of the events needs. */
  note(text: string): Promise<void> {
    return this.#emitter.log("INFO", text);
  }

  /** A warning about the whole sync. */
  warning(message: string): Promise<void> {
    return this.#say("WARN", message, { kind: "warning", message });
  }

  async learnerWarnings(entries: readonly LearnerWarning[]): Promise<void> {
    for (const entry of entries) {
      const { external_id, email, message } = entry;
      await this.#say("WARN", warningLine(entry), {
        kind: "learner_warning",
        employee_id: external_id,
        email,
        message,
      });
    }
  }

  /** Records rejected without a reason of their own (another stream's): counted, told once by a warning. */
  rejectedRecords(count: number): void {
    this.#totals = { ...this.#totals, rejected: this.#totals.rejected + count };
  }

  /** Every reject, named by the record it keeps or else by `names` (a target's refusal keeps no record). */
  async rejects(
    entries: readonly Pick<Reject, "external_id" | "email" | "reason" | "record">[],
    names?: LearnerNames,
  ): Promise<void> {
    for (const entry of entries) {
      const { external_id, email, reason } = entry;
      const name =
        recordName(entry.record) ?? (external_id === null ? null : names?.get(external_id)) ?? null;
      await this.#say("WARN", rejectLine({ ...entry, name }), {
        kind: "reject",
        employee_id: external_id,
        email,
        name,
        reason,
      });
    }
    this.rejectedRecords(entries.length);
  }

  /** What applying a plan did: its changes (while the budget lasts), an archive cap that held, its counts. */
  async applied(plan: Plan, result: ApplyResult, names?: LearnerNames): Promise<void> {
    const { changes, total } = appliedChanges(plan, result, names);
    for (const change of this.#budget.take(changes, total))
      await this.#say("INFO", changeText(change), { kind: "change", change });
    if (plan.archive_hold !== null) await this.warning(plan.archive_hold.message);
    this.#totals = addResult(this.#totals, result);
    countCourses(this.#courses, appliedAssignments(plan, result));
  }

  /** Employees a filter left out, and leavers given no learner. */
  count(extra: Pick<LearnerCounts, "skipped" | "leavers_not_created">): void {
    this.#totals = {
      ...this.#totals,
      skipped: this.#totals.skipped + extra.skipped,
      leavers_not_created: this.#totals.leavers_not_created + extra.leavers_not_created,
    };
  }

  /** The end of a batch: who it settled, and the counts so far (INFO when they moved, DEBUG otherwise). */
  async batch(employees: BatchOutcomes): Promise<void> {
    const moved = !sameTotals(this.#told, this.#totals);
    this.#told = this.#totals;
    await this.#say(moved ? "INFO" : "DEBUG", progressSummary(this.#totals), {
      kind: "batch",
      counts: this.#totals,
      courses: [...this.#courses.values()],
      employees,
    });
  }

  /** The last lines of a write: how many changes went unlisted, then the final counts. */
  async summary(dryRun: boolean): Promise<void> {
    const more = this.#budget.moreLine();
    if (more !== null) await this.#emitter.log("INFO", more);
    const text = dryRun ? dryRunSummary(this.#totals) : runSummary(this.#totals);
    await this.#say("INFO", text, {
      kind: "summary",
      dry_run: dryRun,
      counts: this.#totals,
      courses: [...this.#courses.values()],
      changes_not_listed: this.#budget.more(),
    });
  }
}
