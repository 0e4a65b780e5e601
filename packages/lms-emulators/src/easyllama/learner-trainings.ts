import type { JsonObject } from "@hibob-learners/emulator-kit";
import { timestamp } from "./context.js";
import type { EasyLlamaContext } from "./context.js";
import { EasyLlamaHttpError, notFound, unprocessable } from "./errors.js";
import { getLearner } from "./learners.js";
import { assignmentSchema, TRAINING_STATUSES } from "./model.js";
import type { LearnerTraining } from "./model.js";
import { optionalString, pageOf, positiveInteger } from "./params.js";
import { validate } from "./validation.js";

const SORT_KEYS = ["id", "created_at", "assigned_at", "completed_at"] as const;

/**
 * POST /learners/{id}/learner_trainings with {learner_id, training_id} (CODE). INF: assigning a training the
 * learner already has, or assigning to an archived learner, is refused with 422 so double assignment shows.
 */
export function assignTraining(
  context: EasyLlamaContext,
  learnerId: number,
  input: unknown,
): LearnerTraining {
  const learner = getLearner(context, learnerId);
  const fields = validate(assignmentSchema, input);
  if (fields.learner_id !== undefined && fields.learner_id !== learnerId) {
    throw unprocessable(
      `learner_id ${fields.learner_id} does not match the learner in the path (${learnerId})`,
    );
  }
  if (context.store.training(fields.training_id) === undefined)
    throw notFound(`Training ${fields.training_id}`);
  if (learner.status === "archived") throw unprocessable(`learner ${learnerId} is archived`);
  const existing = context.store
    .learnerTrainings()
    .find(
      (assignment) => assignment.learner_id === learnerId && assignment.training_id === fields.training_id,
    );
  if (existing !== undefined) {
    throw unprocessable(
      `training ${fields.training_id} is already assigned to learner ${learnerId} (${existing.id})`,
    );
  }
  const now = timestamp(context);
  const assignment: LearnerTraining = {
    id: context.store.nextLearnerTrainingId(),
    learner_id: learnerId,
    training_id: fields.training_id,
    status: "assigned",
    assigned_at: now,
    completed_at: null,
    created_at: now,
    updated_at: now,
  };
  context.store.putLearnerTraining(assignment);
  return assignment;
}

export function unassignTraining(context: EasyLlamaContext, learnerId: number, assignmentId: number): void {
  getLearner(context, learnerId);
  const assignment = context.store.learnerTraining(assignmentId);
  if (assignment?.learner_id !== learnerId) throw notFound(`Learner training ${assignmentId}`);
  context.store.deleteLearnerTraining(assignmentId);
}

/** GET /learner_trainings with page, learner_id, training_id, status and sort (e.g. "-completed_at") (CODE). */
export function listLearnerTrainings(context: EasyLlamaContext, params: JsonObject): LearnerTraining[] {
  const learnerId = positiveInteger(params.learner_id, "learner_id");
  const trainingId = positiveInteger(params.training_id, "training_id");
  const status = optionalString(params.status);
  if (status !== undefined && !TRAINING_STATUSES.some((known) => known === status)) {
    throw new EasyLlamaHttpError(400, `status must be one of ${TRAINING_STATUSES.join(", ")}`);
  }
  const matching = context.store
    .learnerTrainings()
    .filter((assignment) => learnerId === undefined || assignment.learner_id === learnerId)
    .filter((assignment) => trainingId === undefined || assignment.training_id === trainingId)
    .filter((assignment) => status === undefined || assignment.status === status);
  const sorted = sortAssignments(matching, optionalString(params.sort) ?? "id");
  return pageOf(sorted, positiveInteger(params.page, "page") ?? 1, context.pageSize);
}

/** In-process only: what a learner finishing a course looks like, so tests can filter on status. */
export function completeTraining(context: EasyLlamaContext, assignmentId: number): LearnerTraining {
  const assignment = context.store.learnerTraining(assignmentId);
  if (assignment === undefined) throw notFound(`Learner training ${assignmentId}`);
  const now = timestamp(context);
  const completed: LearnerTraining = {
    ...assignment,
    status: "completed",
    completed_at: now,
    updated_at: now,
  };
  context.store.putLearnerTraining(completed);
  return completed;
}

/** Pure: "-key" sorts descending; nulls sort last either way. */
export function sortAssignments(items: readonly LearnerTraining[], sort: string): LearnerTraining[] {
  const descending = sort.startsWith("-");
  const name = descending ? sort.slice(1) : sort;
  const key = SORT_KEYS.find((known) => known === name);
  if (key === undefined) {
    throw new EasyLlamaHttpError(
      400,
      `sort must be one of ${SORT_KEYS.join(", ")}, optionally prefixed with -`,
    );
  }
  return [...items].sort((a, b) => {
    const left = a[key];
    const right = b[key];
    if (left === right) return a.id - b.id;
    if (left === null) return 1;
    if (right === null) return -1;
    const order = left < right ? -1 : 1;
    return descending ? -order : order;
  });
}
