import type { Learner } from "../../learner.js";
import type { LearnerChange } from "../../plan/index.js";
import type { LlamaClient, LlamaOutcome } from "./client.js";
import { learnerBody } from "./learner-fields.js";

export type LlamaWritten =
  | { readonly ok: true; readonly id: number; readonly wrote: boolean }
  | { readonly ok: false; readonly reason: string };

const refused = (answer: LlamaOutcome & { ok: false }): LlamaWritten => ({
  ok: false,
  reason: `EasyLlama ${answer.status}: ${answer.error}`,
});

const done = (answer: LlamaOutcome, id: number): LlamaWritten =>
  answer.ok ? { ok: true, id, wrote: true } : refused(answer);

/**
 * Learner writes. A create EasyLlama refuses (422) may be a learner that already exists — a POST retried after
 * its answer was lost, a learner added by hand, an archived one whose email blocks a new one — so the learner is
 * looked up by external_id, then by email, and adopted when it is unclaimed or ours.
 */
export function createLearnerWriter(client: LlamaClient) {
  const adopt = async (learner: Learner, conflict: LlamaOutcome & { ok: false }): Promise<LlamaWritten> => {
    const [mine] = await client.learners({ external_id: learner.external_id });
    const existing = mine ?? (await client.learners({ email: learner.email }))[0];
    if (existing === undefined) return refused(conflict);
    const owner = existing.record.external_id;
    if (typeof owner === "string" && owner !== "" && owner !== learner.external_id) {
      return {
        ok: false,
        reason: `email ${learner.email} already belongs to another EasyLlama learner (external_id ${owner})`,
      };
    }
    const status = learner.status === existing.record.status ? {} : { status: learner.status };
    return done(await client.updateLearner(existing.id, { ...learnerBody(learner), ...status }), existing.id);
  };

  return {
    async create(learner: Learner): Promise<LlamaWritten> {
      const answer = await client.createLearner(learnerBody(learner));
      if (answer.ok) {
        const id = answer.record?.id;
        return typeof id === "number"
          ? { ok: true, id, wrote: true }
          : { ok: false, reason: "EasyLlama created the learner but returned no id" };
      }
      return answer.status === 422 ? adopt(learner, answer) : refused(answer);
    },
    /**
     * Only the changed fields EasyLlama holds. Reactivation is `status: "active"` with the other changes (INF:
     * the emulator's assumption; the gem shows no reactivation call); archiving writes the other changes, then
     * DELETE (EasyLlama's archive, CODE).
     */
    async change(entry: LearnerChange, kind: "update" | "archive" | "reactivate"): Promise<LlamaWritten> {
      const id = Number(entry.ref);
      const fields = entry.changes.map((change) => change.field);
      const body = {
        ...learnerBody(entry.learner, fields),
        ...(kind === "reactivate" ? { status: "active" } : {}),
      };
      let wrote = false;
      if (Object.keys(body).length > 0) {
        const answer = await client.updateLearner(id, body);
        if (!answer.ok) return refused(answer);
        wrote = true;
      }
      if (kind !== "archive") return { ok: true, id, wrote };
      return done(await client.archiveLearner(id), id);
    },
  };
}

export type LearnerWriter = ReturnType<typeof createLearnerWriter>;
