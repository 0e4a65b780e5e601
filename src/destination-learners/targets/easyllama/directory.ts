import type { ExistingAssignment } from "../../plan/index.js";
import type { TargetSnapshot } from "../target.js";
import type { LlamaClient, Training } from "./client.js";
import { LLAMA_STORED_FIELDS, toCurrentLearners } from "./learner-fields.js";

/** What apply needs of the load: learner ids by external id, the catalogue, and who has which training. */
export interface LlamaDirectory {
  readonly idByExternalId: Map<string, number>;
  readonly trainings: readonly Training[];
  /** `${learnerId}:${trainingId}` */
  readonly assigned: Set<string>;
}

export const assignmentKey = (learnerId: number, trainingId: number): string => `${learnerId}:${trainingId}`;

/** A course rule names a training by id ("3") or by name (case-insensitively); undefined when neither matches. */
export function resolveTraining(trainings: readonly Training[], course: string): Training | undefined {
  const wanted = course.trim().toLowerCase();
  return (
    trainings.find((training) => String(training.id) === wanted) ??
    trainings.find((training) => training.name.trim().toLowerCase() === wanted)
  );
}

/**
 * Learners (active and archived), the training catalogue and the assignments. Each assignment is reported under
 * the training's name and its id, so a course rule written either way sees it as done.
 */
export async function loadDirectory(
  client: LlamaClient,
): Promise<{ snapshot: TargetSnapshot; directory: LlamaDirectory }> {
  const learners = await client.learners();
  const trainings = await client.trainings();
  const learnerTrainings = await client.learnerTrainings();
  const idByExternalId = new Map<string, number>();
  for (const { id, record } of learners) {
    if (typeof record.external_id === "string" && record.external_id !== "")
      idByExternalId.set(record.external_id, id);
  }
  const names = new Map(trainings.map((training) => [training.id, training.name]));
  const assigned = new Set<string>();
  const assignments: ExistingAssignment[] = [];
  for (const entry of learnerTrainings) {
    assigned.add(assignmentKey(entry.learnerId, entry.trainingId));
    const ref = String(entry.learnerId);
    assignments.push({ ref, course: String(entry.trainingId) });
    const name = names.get(entry.trainingId);
    if (name !== undefined) assignments.push({ ref, course: name });
  }
  return {
    snapshot: {
      learners: toCurrentLearners(learners),
      assignments,
      fields: LLAMA_STORED_FIELDS,
      manager_links: false,
    },
    directory: { idByExternalId, trainings, assigned },
  };
}
