// The plan: pure, from the learners a target holds and those Bob's employees should be, to the changes to write.
export type { CurrentLearner, ExistingAssignment } from "./current-learner.js";
export type { PlanOptions } from "./options.js";
export type {
  Archive,
  ArchiveHold,
  Assignment,
  FieldChange,
  LearnerChange,
  ManagerLink,
  Notification,
  Plan,
  PlanReject,
} from "./plan.js";
export { EMPTY_PLAN, isEmptyPlan } from "./plan.js";
export { NEW_LEARNER_DAYS } from "./course-triggers.js";
export { planChanges } from "./plan-changes.js";
export { planMissing } from "./plan-missing.js";
export { withoutCreates } from "./without-creates.js";
export { assignmentOrder } from "./assignment-order.js";
export { managersFirst } from "./creation-order.js";
