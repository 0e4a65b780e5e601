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
export type { FaultKind, FaultSpec } from "../shared/faults.js";
export type { RateLimit } from "../shared/rate-limit.js";
export type { RequestCounts } from "../shared/counters.js";
