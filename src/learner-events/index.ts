export {
  BatchOutcomes,
  CourseCount,
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
  personText,
  rejectText,
  triggerText,
  who,
  type Person,
} from "./describe.js";
export { shownName, spelledOut } from "./shown-text.js";
