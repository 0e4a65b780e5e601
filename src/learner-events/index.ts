export {
  BatchOutcomes,
  EVENT_VERSION,
  FieldChange,
  LearnerChange,
  LearnerCounts,
  LearnerEvent,
  NO_COUNTS,
  type LearnerAction,
  type LearnerEventBody,
} from "./events.js";
export { EVENT_KEY, eventLog, eventOf, type EventReading } from "./log-message.js";
export {
  changeDetail,
  changeText,
  COUNT_LABELS,
  employeeName,
  fieldList,
  learnerWarningText,
  who,
} from "./describe.js";
