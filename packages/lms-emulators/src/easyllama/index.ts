export { startEasyLlamaEmulator } from "./server.js";
export type { EasyLlamaEmulator, EasyLlamaEmulatorOptions } from "./server.js";
export { DEFAULT_TRAININGS } from "./catalog.js";
export { LEARNER_STATUSES, ROLES, TRAINING_STATUSES } from "./model.js";
export type {
  Learner,
  LearnerStatus,
  LearnerTraining,
  Location,
  Role,
  Training,
  TrainingStatus,
} from "./model.js";
export type { FaultKind, FaultSpec } from "@hibob-learners/emulator-kit";
export type { RateLimit } from "@hibob-learners/emulator-kit";
export type { RequestCounts } from "@hibob-learners/emulator-kit";
