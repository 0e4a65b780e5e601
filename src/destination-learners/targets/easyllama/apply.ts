import type { Assignment, LearnerChange, Plan } from "../../plan/index.js";
import { assignmentOrder } from "../../plan/index.js";
import { ApplyLedger } from "../apply-ledger.js";
import { forEachLimited } from "../pool.js";
import type { ApplyResult } from "../target.js";
import type { LlamaClient } from "./client.js";
import type { LlamaDirectory } from "./directory.js";
import { assignmentKey, resolveTraining } from "./directory.js";
import type { LearnerWriter } from "./learners.js";

type Outcome =
  { readonly ok: true; readonly added: boolean } | { readonly ok: false; readonly reason: string };

/** One learner_training; an assignment EasyLlama says exists (a retried POST whose answer was lost) is fine. */
async function assign(
  client: LlamaClient,
  directory: LlamaDirectory,
  id: number,
  entry: Assignment,
): Promise<Outcome> {
  const training = resolveTraining(directory.trainings, entry.course);
  if (training === undefined) {
    return { ok: false, reason: `course '${entry.course}' is not in EasyLlama's training catalogue` };
  }
  const key = assignmentKey(id, training.id);
  if (directory.assigned.has(key)) return { ok: true, added: false };
  const answer = await client.assignTraining(id, training.id);
  if (!answer.ok && answer.status === 422) {
    const existing = await client.learnerTrainings({ learner_id: id, training_id: training.id });
    if (existing.length === 0) return { ok: false, reason: `EasyLlama 422: ${answer.error}` };
  } else if (!answer.ok) {
    return { ok: false, reason: `EasyLlama ${answer.status}: ${answer.error}` };
  }
  directory.assigned.add(key);
  return { ok: true, added: answer.ok };
}

/**
 * A plan against EasyLlama: the trainings of learners already there (`assignmentOrder`), archives (leavers lose
 * access first, whatever fails later), creates, updates, reactivations, then managers, then the other trainings.
 * A record EasyLlama refuses or keeps failing is a reject; if EasyLlama becomes unusable part-way, the result
 * says what was written before (`interrupted`). Records within a phase are independent, so
 * `lanes` of them run at once; how many requests are really in flight is the HTTP edge's adaptive limit (its rate
 * limits are undocumented, so the pace is learned from its answers). EasyLlama's manager is the supervisor's
 * name, written with the learner, so the manager pass writes nothing and counts the links whose manager is a
 * learner there.
 */
export async function applyLlamaPlan(
  plan: Plan,
  client: LlamaClient,
  writer: LearnerWriter,
  directory: LlamaDirectory,
  lanes: number,
): Promise<ApplyResult> {
  const ledger = new ApplyLedger(plan);
  const created = new Set<string>();
  const newlyAssigned = new Set<string>();
  // Two rules naming one training (by id and by name) may race: the second POST meets 422 and finds the first.
  // An `early` one refused holds back the change that triggers it, so the next sync plans both again.
  const assignAll = (assignments: readonly Assignment[], early: boolean): Promise<void> =>
    forEachLimited(assignments, lanes, async (entry) => {
      const id = directory.idByExternalId.get(entry.external_id);
      if (ledger.failed(entry.external_id) || id === undefined) return;
      const outcome = await assign(client, directory, id, entry);
      if (!outcome.ok) {
        if (early) ledger.rejectLearner(entry, outcome.reason, entry);
        else ledger.rejectPart(entry, outcome.reason, entry);
      } else if (outcome.added) {
        ledger.count("assigned");
        newlyAssigned.add(`${entry.external_id}\u0000${entry.course}`);
      }
    });
  const createAll = (): Promise<void> =>
    forEachLimited(plan.creates, lanes, async (learner) => {
      const written = await writer.create(learner);
      if (!written.ok) {
        ledger.rejectLearner(learner, written.reason, learner);
        return;
      }
      directory.idByExternalId.set(learner.external_id, written.id);
      ledger.wrote(learner.external_id);
      created.add(learner.external_id);
      ledger.count("created");
    });
  const changeAll = (
    entries: readonly LearnerChange[],
    kind: "update" | "reactivate" | "archive",
    count: "updated" | "reactivated" | "archived",
  ): Promise<void> =>
    forEachLimited(entries, lanes, async (entry) => {
      if (ledger.failed(entry.learner.external_id)) return;
      const written = await writer.change(entry, kind);
      if (!written.ok) {
        ledger.rejectLearner(entry.learner, written.reason, entry.learner);
        return;
      }
      directory.idByExternalId.set(entry.learner.external_id, written.id);
      ledger.wrote(entry.learner.external_id);
      // Changes EasyLlama has no field for (display_name, manager ids) need no write and are not counted.
      if (written.wrote) ledger.count(count);
    });
  const countLinks = (): void => {
    for (const link of plan.managers) {
      if (ledger.failed(link.external_id) || link.manager_external_id === null) continue;
      if (directory.idByExternalId.has(link.manager_external_id)) ledger.count("managers_linked");
    }
  };

  const { early, late } = assignmentOrder(plan, (externalId) => directory.idByExternalId.has(externalId));
  await ledger.run([
    () => assignAll(early, true),
    () => changeAll(plan.archives, "archive", "archived"),
    createAll,
    () => changeAll(plan.updates, "update", "updated"),
    () => changeAll(plan.reactivations, "reactivate", "reactivated"),
    countLinks,
    () => assignAll(late, false),
  ]);
  // EasyLlama sends its own invitation and assignment e-mails and its API has no known switch for them, so a
  // planned notification counts as sent when the learner or assignment it announces was written.
  const notified = plan.notifications.filter((entry) =>
    entry.kind === "new_learner"
      ? created.has(entry.external_id)
      : newlyAssigned.has(`${entry.external_id}\u0000${entry.course}`),
  ).length;
  return ledger.result(notified);
}
