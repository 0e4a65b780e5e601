import type { Learner } from "../learner.js";
import type { Reject } from "../mapping.js";
import type { Plan } from "../plan/index.js";
import type { ApplyCounts, ApplyResult } from "./target.js";
import { NO_WRITES } from "./target.js";

type Counted = Exclude<keyof ApplyCounts, "notified">;

/**
 * What a remote target's apply did, kept as it goes: the writes that took effect, the rejects, the learners whose
 * own write failed, and the error that stopped it part-way. The plan's own rejects come first.
 */
export class ApplyLedger {
  readonly #counts: Record<keyof ApplyCounts, number> = { ...NO_WRITES };
  readonly #rejects: Reject[];
  readonly #planned: readonly string[];
  /** Learners whose own write the plan asks for: on an interruption, those not written are told as such. */
  readonly #writes: readonly string[];
  readonly #written = new Set<string>();
  readonly #failed = new Set<string>();
  #interrupted: Error | undefined;

  constructor(plan: Plan) {
    this.#rejects = plan.rejects.map((entry) => ({ ...entry, record: null }));
    this.#planned = plan.rejects.map((entry) => entry.external_id);
    this.#writes = [
      ...plan.creates.map((learner) => learner.external_id),
      ...[...plan.updates, ...plan.reactivations, ...plan.archives].map((entry) => entry.learner.external_id),
    ];
  }

  count(kind: Counted): void {
    this.#counts[kind] += 1;
  }

  /** The learner's own write took effect (or needed nothing). */
  wrote(externalId: string): void {
    this.#written.add(externalId);
  }

  /**
   * The learner's own write (create, update, archive, reactivation) was refused, or held back because a course
   * its change triggers was refused first (written, the change would fire no trigger on the next sync).
   */
  rejectLearner(learner: Pick<Learner, "external_id" | "email">, reason: string, record: unknown): void {
    this.#failed.add(learner.external_id);
    this.#rejects.push({ external_id: learner.external_id, email: learner.email, reason, record });
  }

  /** A course or manager link was refused: a reject, but the learner itself stays written. */
  rejectPart(
    entry: { readonly external_id: string; readonly email: string | null },
    reason: string,
    record: unknown,
  ): void {
    this.#rejects.push({ external_id: entry.external_id, email: entry.email, reason, record });
  }

  /** Whether this learner's own write failed, so nothing more is written for it. */
  failed(externalId: string): boolean {
    return this.#failed.has(externalId);
  }

  /**
   * Runs the phases in order. An error means the target became unusable: it stops the rest, and the result
   * still says what was written before it (`interrupted`), for the destination to report before it fails.
   */
  async run(phases: readonly (() => Promise<void> | void)[]): Promise<void> {
    try {
      for (const phase of phases) await phase();
    } catch (error) {
      this.#interrupted = error instanceof Error ? error : new Error(String(error));
    }
  }

  result(notified = 0): ApplyResult {
    // Cut off part-way, the phases that never ran wrote nothing either.
    const unreached =
      this.#interrupted === undefined
        ? []
        : this.#writes.filter((id) => !this.#written.has(id) && !this.#failed.has(id));
    return {
      ...this.#counts,
      notified,
      rejects: this.#rejects,
      not_written: [...new Set([...this.#planned, ...this.#failed, ...unreached])],
      ...(this.#interrupted === undefined ? {} : { interrupted: this.#interrupted }),
    };
  }
}
