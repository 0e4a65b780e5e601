import type { Learner, LearnerTraining, Location, Training } from "./model.js";

/** In-memory EasyLlama account: integer ids from 1, emails and external ids indexed for matching. */
export interface EasyLlamaStore {
  learner(id: number): Learner | undefined;
  learners(): readonly Learner[];
  /** Case-insensitive: EasyLlama matches learners by email first. */
  learnerIdByEmail(email: string): number | undefined;
  learnerIdByExternalId(externalId: string): number | undefined;
  putLearner(learner: Learner): void;
  nextLearnerId(): number;

  training(id: number): Training | undefined;
  trainings(): readonly Training[];
  addTraining(name: string): Training;

  learnerTraining(id: number): LearnerTraining | undefined;
  learnerTrainings(): readonly LearnerTraining[];
  putLearnerTraining(assignment: LearnerTraining): void;
  deleteLearnerTraining(id: number): void;
  nextLearnerTrainingId(): number;

  locations(): readonly Location[];
  addLocation(name: string): Location;

  /** Forgets learners, assignments and locations; the training catalogue is reseeded by the caller. */
  reset(): void;
}

export function createEasyLlamaStore(): EasyLlamaStore {
  const learners = new Map<number, Learner>();
  const byEmail = new Map<string, number>();
  const byExternalId = new Map<string, number>();
  const trainings = new Map<number, Training>();
  const assignments = new Map<number, LearnerTraining>();
  const locations = new Map<number, Location>();
  let ids = { learner: 0, training: 0, assignment: 0, location: 0 };

  return {
    learner: (id) => learners.get(id),
    learners: () => [...learners.values()],
    learnerIdByEmail: (email) => byEmail.get(email.toLowerCase()),
    learnerIdByExternalId: (externalId) => byExternalId.get(externalId),
    putLearner(learner) {
      const previous = learners.get(learner.id);
      if (previous?.email != null) byEmail.delete(previous.email.toLowerCase());
      if (previous?.external_id != null) byExternalId.delete(previous.external_id);
      learners.set(learner.id, learner);
      if (learner.email !== null) byEmail.set(learner.email.toLowerCase(), learner.id);
      if (learner.external_id !== null) byExternalId.set(learner.external_id, learner.id);
    },
    nextLearnerId: () => (ids = { ...ids, learner: ids.learner + 1 }).learner,

    training: (id) => trainings.get(id),
    trainings: () => [...trainings.values()],
    addTraining(name) {
      ids = { ...ids, training: ids.training + 1 };
      const training = { id: ids.training, name };
      trainings.set(training.id, training);
      return training;
    },

    learnerTraining: (id) => assignments.get(id),
    learnerTrainings: () => [...assignments.values()],
    putLearnerTraining(assignment) {
      assignments.set(assignment.id, assignment);
    },
    deleteLearnerTraining(id) {
      assignments.delete(id);
    },
    nextLearnerTrainingId: () => (ids = { ...ids, assignment: ids.assignment + 1 }).assignment,

    locations: () => [...locations.values()],
    addLocation(name) {
      ids = { ...ids, location: ids.location + 1 };
      const location = { id: ids.location, name };
      locations.set(location.id, location);
      return location;
    },

    reset() {
      for (const map of [learners, byEmail, byExternalId, trainings, assignments, locations]) map.clear();
      ids = { learner: 0, training: 0, assignment: 0, location: 0 };
    },
  };
}
