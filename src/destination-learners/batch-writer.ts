import type { Batch, BatchBuilder, BatchOptions } from "./batch.js";
import { batchBuilder } from "./batch.js";
import { batchOutcomes } from "./batch-outcomes.js";
import type { Learner } from "./learner.js";
import type { LearnerLog } from "./learner-log.js";
import type { HeldLink } from "./manager-cycles.js";
import { orgChart, placeManagers } from "./manager-cycles.js";
import type { Reject } from "./mapping.js";
import { pendingManagers } from "./pending-managers.js";
import { learnerName } from "./report.js";
import type { Plan, PlanOptions, PlanReject } from "./plan/index.js";
import { isEmptyPlan, planChanges, planMissing, withoutCreates } from "./plan/index.js";
import type { ApplyResult, Target, TargetSnapshot } from "./targets/target.js";
import { NOTHING_APPLIED } from "./targets/target.js";

export interface BatchWriterSettings {
  readonly batch: BatchOptions;
  readonly plan: PlanOptions;
  /** `update` plans no creates. */
  readonly createsLearners: boolean;
}

/**
 * The employees received since the last checkpoint, written as one batch: mapped as they arrive, then at the
 * checkpoint planned against what the target holds now, applied and told (LearnerLog). Across batches it keeps
 * what the sync as a whole needs: who Bob sent (for the archive pass), links waiting for their manager, the org
 * chart for finding loops, and how many learners were archived as gone (the cap counts the whole sync).
 */
export class BatchWriter {
  readonly #target: Target;
  readonly #settings: BatchWriterSettings;
  readonly #log: LearnerLog;
  readonly #waiting = pendingManagers();
  readonly #chart = orgChart();
  // Employee ids of this sync, for the final archive pass; a Set of ids is small even for 100k employees.
  readonly #present = new Set<string>();
  #builder: BatchBuilder;
  #buffered = 0;
  #archivedAsGone = 0;
  /** Per field the target presumes it cannot keep: learners whose value it does not hold, over the sync. */
  readonly #withheld = new Map<keyof Learner, number>();

  constructor(target: Target, settings: BatchWriterSettings, log: LearnerLog) {
    this.#target = target;
    this.#settings = settings;
    this.#log = log;
    this.#builder = batchBuilder(settings.batch);
  }

  add(record: Record<string, unknown>): void {
    this.#builder.add(record);
    this.#buffered += 1;
  }

  remove(externalId: string): void {
    this.#builder.remove(externalId);
    this.#buffered += 1;
  }

  /** Writes what came since the last checkpoint; resolves once it is durable, with how many were rejected. */
  async flush(): Promise<number> {
    if (this.#buffered === 0) return 0;
    const batch = this.#take();
    const current = await this.#snapshot(batch);
    // A target without loadMatching has just loaded every learner: the chart learns the links from that.
    if (this.#target.loadMatching === undefined) this.#chart.remember(heldOf(current), []);
    const placed = await placeManagers(this.#chart, batch.learners, (ids) => this.#heldLinks(ids));
    await this.#log.learnerWarnings([...batch.warnings, ...placed.warnings]);
    const { plan, notCreated } = this.#plan(current, placed.learners, batch);
    const result = await this.#apply(plan);
    await this.#tellTargetWarnings();
    if (batch.rejects.length > 0) await this.#target.recordRejects(batch.rejects);

    const rejects = [...batch.rejects, ...targetRejects(plan.rejects, result.rejects)];
    const names = new Map(batch.learners.map((learner) => [learner.external_id, learnerName(learner)]));
    await this.#log.applied(plan, result, names);
    await this.#log.rejects(rejects, names);
    this.#log.count({ skipped: batch.skipped.length, leavers_not_created: plan.leavers_not_created });
    await this.#log.batch(
      batchOutcomes(
        batch.learners.map((learner) => learner.external_id),
        plan,
        result,
        rejects.map((entry) => entry.external_id),
        // Update mode creates no learner: like a filter, it leaves the employee out.
        [...batch.skipped.map((skip) => skip.external_id), ...notCreated],
      ),
    );
    if (result.interrupted !== undefined) throw result.interrupted;
    return rejects.length;
  }

  /** The end of the sync: what the target was presumed unable to keep, told once. */
  async finish(): Promise<void> {
    if (this.#withheld.size === 0) return;
    await this.#log.warning(withheldWarning(this.#withheld));
  }

  /** After a complete full-refresh pass: archives the learners whose employees never came (capped). */
  async archiveMissing(): Promise<void> {
    const current = await this.#target.load();
    const plan = planMissing(current.learners, this.#present, {
      ...this.#settings.plan,
      archived_as_gone: this.#archivedAsGone,
    });
    const result = await this.#apply(plan);
    await this.#tellTargetWarnings();
    const rejects = targetRejects(plan.rejects, result.rejects);
    await this.#log.applied(plan, result);
    await this.#log.rejects(rejects);
    if (plan.archives.length > 0) {
      const rejected = rejects.map((entry) => entry.external_id);
      await this.#log.batch(batchOutcomes([], plan, result, rejected, []));
    }
    if (result.interrupted !== undefined) throw result.interrupted;
  }

  /** The batch so far, and a fresh builder; notes who Bob sent. */
  #take(): Batch {
    const batch = this.#builder.finish();
    this.#builder = batchBuilder(this.#settings.batch);
    this.#buffered = 0;
    for (const learner of batch.learners) this.#present.add(learner.external_id);
    for (const skip of batch.skipped) this.#present.delete(skip.external_id);
    for (const id of batch.deletions) this.#present.delete(id);
    // A record Bob sent but that cannot be a learner still means the employee exists: never archive it.
    for (const entry of batch.rejects) if (entry.external_id !== null) this.#present.add(entry.external_id);
    return batch;
  }

  /** What the target holds of this batch's learners; deletions are capped against every managed learner. */
  #snapshot(batch: Batch): Promise<TargetSnapshot> {
    const target = this.#target;
    if (target.loadMatching === undefined || batch.deletions.length > 0) return target.load();
    return target.loadMatching(
      [...batch.learners.map((learner) => learner.external_id), ...batch.deletions],
      batch.learners.map((learner) => learner.email),
    );
  }

  /** The batch's plan, and the employees it would have created had the mode allowed creates. */
  #plan(
    current: TargetSnapshot,
    learners: Batch["learners"],
    batch: Batch,
  ): { plan: Plan; notCreated: string[] } {
    const planned = planChanges(
      current.learners,
      learners,
      current.assignments,
      {
        ...this.#settings.plan,
        fields: current.fields,
        presumed_fields: current.presumed_fields,
        manager_links: current.manager_links,
        archived_as_gone: this.#archivedAsGone,
      },
      batch.deletions,
    );
    for (const [field, count] of Object.entries(planned.withheld) as [keyof Learner, number][])
      this.#withheld.set(field, (this.#withheld.get(field) ?? 0) + count);
    const creates = this.#settings.createsLearners;
    return {
      plan: this.#withPendingLinks(creates ? planned : withoutCreates(planned), current, batch),
      notCreated: creates ? [] : planned.creates.map((learner) => learner.external_id),
    };
  }

  /** Adds the links of earlier reports whose manager this batch brings, and notes the links still waiting. */
  #withPendingLinks(plan: Plan, current: TargetSnapshot, batch: Batch): Plan {
    const ids = new Set(batch.learners.map((learner) => learner.external_id));
    const due = this.#waiting.due(ids);
    const held = current.learners.flatMap((entry) => entry.learner.external_id ?? []);
    this.#waiting.note(plan.managers, new Set([...held, ...ids]));
    return due.length === 0 ? plan : { ...plan, managers: [...plan.managers, ...due] };
  }

  async #apply(plan: Plan): Promise<ApplyResult> {
    const result =
      isEmptyPlan(plan) && plan.rejects.length === 0 ? NOTHING_APPLIED : await this.#target.apply(plan);
    this.#archivedAsGone += plan.archives.filter((entry) => entry.reason !== "terminated").length;
    return result;
  }

  async #tellTargetWarnings(): Promise<void> {
    for (const warning of this.#target.takeWarnings?.() ?? []) await this.#log.warning(warning);
  }

  /** The target's manager links of learners the org chart has not met yet, for finding loops in them. */
  async #heldLinks(ids: readonly string[]): Promise<readonly HeldLink[]> {
    if (this.#target.loadMatching === undefined) return [];
    return heldOf(await this.#target.loadMatching(ids, []));
  }
}

/** Why values Bob has were not written: the target holds none of them for anyone, so it presumably drops them. */
export function withheldWarning(withheld: ReadonlyMap<keyof Learner, number>): string {
  const what = [...withheld].map(([field, count]) => `${field} of ${count} learner${count === 1 ? "" : "s"}`);
  return (
    `Not written: ${what.join(", ")}. No learner on the target holds ${withheld.size === 1 ? "that field" : "those fields"}, ` +
    "so the target presumably does not keep it (a SCIM server may ignore attributes it is sent). The first " +
    "learner created with a value the target keeps ends the presumption; see docs/destination.md."
  );
}

function heldOf(snapshot: TargetSnapshot): HeldLink[] {
  return snapshot.learners.flatMap(({ learner }) =>
    learner.external_id === null
      ? []
      : [
          {
            external_id: learner.external_id,
            manager_external_id: learner.manager_external_id,
            email: learner.email,
          },
        ],
  );
}

/** Rejects of the target beyond those the plan made; a target may list plan rejects in its result or not. */
function targetRejects(planned: readonly PlanReject[], applied: readonly Reject[]): Reject[] {
  const seen = new Set<string>();
  const all: Reject[] = [];
  for (const entry of [...planned.map((reject) => ({ ...reject, record: null })), ...applied]) {
    const key = `${entry.external_id ?? ""}\u0000${entry.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(entry);
  }
  return all;
}
