import type { AirbyteMessage, LogLevel, LogMessage } from "../protocol/index.js";
import type { LearnerEvent, LearnerEventBody } from "./events.js";
import { EVENT_VERSION, LearnerEvent as LearnerEventSchema } from "./events.js";

/**
 * The LOG message's property that carries an event. The protocol lets a log message hold properties of its own
 * (`AirbyteLogMessage` allows additional properties), so the event rides beside the readable `message`: a
 * platform shows the text, a reader of the contract takes the event and never parses the text.
 */
export const EVENT_KEY = "learner_event";

/**
 * A LOG message saying `text` to people and carrying `event` for programs. The event is checked against the
 * contract here as well as where it is read, so a writer can never send what its readers would drop (a negative
 * or fractional count type-checks, but is no count).
 */
export function eventLog(level: LogLevel, text: string, event: LearnerEventBody): AirbyteMessage {
  const checked = LearnerEventSchema.parse({ v: EVENT_VERSION, ...event });
  return { type: "LOG", log: { level, message: text, [EVENT_KEY]: checked } };
}

export type EventReading =
  | { readonly found: "none" }
  | { readonly found: "event"; readonly event: LearnerEvent }
  /** An event this reader cannot read: another version, or a malformed one. */
  | { readonly found: "unreadable"; readonly problem: string };

/** The event a LOG message carries, if any, validated. */
export function eventOf(log: LogMessage): EventReading {
  const carried = log[EVENT_KEY];
  if (carried === undefined) return { found: "none" };
  const parsed = LearnerEventSchema.safeParse(carried);
  if (parsed.success) return { found: "event", event: parsed.data };
  const version =
    typeof carried === "object" && carried !== null ? (carried as { v?: unknown }).v : undefined;
  if (version !== EVENT_VERSION) {
    return {
      found: "unreadable",
      problem: `its version is ${version === undefined ? "missing" : JSON.stringify(version)}; this reader reads version ${EVENT_VERSION}`,
    };
  }
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
  return { found: "unreadable", problem: `${issue?.message ?? "it is invalid"}${where}` };
}
