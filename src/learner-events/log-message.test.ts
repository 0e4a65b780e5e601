import { describe, expect, it } from "vitest";
import { protocolErrors } from "../../test/helpers/airbyte-schema.js";
import { Emitter, parseMessageLine, Redactor } from "../protocol/index.js";
import type { AirbyteMessage } from "../protocol/index.js";
import type { LearnerEventBody } from "./events.js";
import { EVENT_KEY, eventLog, eventOf } from "./log-message.js";
import { PassThrough } from "node:stream";

const HOSTILE = 'o>brien"\n\u2028\u202e@acme.test';

const change: LearnerEventBody = {
  kind: "change",
  change: {
    action: "update",
    employee_id: "7",
    email: HOSTILE,
    fields: [{ field: "title", from: "A > B", to: 'say "hi"\n' }],
  },
};

/** The message as the other side of a pipe reads it: one line of JSON, parsed as a protocol message. */
function overTheWire(message: AirbyteMessage, redactor?: Redactor): AirbyteMessage {
  const out = new PassThrough();
  let text = "";
  out.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  const emitter = new Emitter(out, redactor, { chunkSize: 1 });
  void emitter.emit(message);
  const [line] = text.split("\n");
  const parsed = parseMessageLine(line ?? "");
  if (!("message" in parsed)) throw new Error(parsed.problem);
  return parsed.message;
}

const logOf = (message: AirbyteMessage) => {
  if (message.type !== "LOG") throw new Error(`not a LOG: ${message.type}`);
  return message.log;
};

describe("an event inside a LOG message", () => {
  it("is a valid Airbyte LOG message that keeps its readable text", () => {
    const message = eventLog("INFO", "update employee 7", change);
    expect(protocolErrors("AirbyteMessage", message)).toEqual([]);
    expect(logOf(message).message).toBe("update employee 7");
  });

  it("is checked against the contract where it is written, not only where it is read", () => {
    const counts = { created: 1.5, updated: 0, archived: 0, reactivated: 0, managers_linked: 0 };
    const batch: LearnerEventBody = {
      kind: "batch",
      counts: { ...counts, assigned: 0, notified: 0, rejected: -1, skipped: 0, leavers_not_created: 0 },
      employees: { written: ["7"], archived: [], unchanged: [], skipped: [] },
    };
    expect(() => eventLog("INFO", "Learners", batch)).toThrow(/created|rejected/);
  });

  it("survives the emitter and the protocol parser, hostile values and all", () => {
    const read = eventOf(logOf(overTheWire(eventLog("INFO", "update employee 7", change))));
    expect(read).toEqual({ found: "event", event: { v: 1, ...change } });
  });

  it("carries the person's name and per-course counts, and still reads events written without them", () => {
    const named: LearnerEventBody = {
      kind: "reject",
      employee_id: "9",
      email: null,
      name: 'Eve <boss@acme.test>"\n\u2028\u202e',
      reason: "no",
    };
    expect(eventOf(logOf(overTheWire(eventLog("WARN", "Rejected", named))))).toEqual({
      found: "event",
      event: { v: 1, ...named },
    });
    const counts = { created: 0, updated: 0, archived: 0, reactivated: 0, managers_linked: 0 };
    const summary: LearnerEventBody = {
      kind: "summary",
      dry_run: false,
      counts: { ...counts, assigned: 3, notified: 0, rejected: 0, skipped: 0, leavers_not_created: 0 },
      courses: [{ course: "Onboarding", trigger: "new_learner", learners: 3 }],
      changes_not_listed: 0,
    };
    expect(eventOf(logOf(overTheWire(eventLog("INFO", "Learners", summary))))).toEqual({
      found: "event",
      event: { v: 1, ...summary },
    });
    // A writer from before names and course counts: the same version, read as it is.
    const { courses: _, ...older } = summary;
    expect(eventOf({ level: "INFO", message: "x", [EVENT_KEY]: { v: 1, ...older } }).found).toBe("event");
    expect(
      eventOf({
        level: "INFO",
        message: "x",
        [EVENT_KEY]: { v: 1, kind: "reject", employee_id: "1", email: null, reason: "r" },
      }).found,
    ).toBe("event");
  });

  it("still reads after secrets are masked in what it says", () => {
    const secret = "s3cret-token-value";
    const redactor = new Redactor();
    redactor.add(secret);
    const reject: LearnerEventBody = {
      kind: "reject",
      employee_id: "9",
      email: null,
      reason: `the LMS answered 401 for ${secret}`,
    };
    const message = overTheWire(eventLog("WARN", `Rejected employee 9: ${secret}`, reject), redactor);
    expect(JSON.stringify(message)).not.toContain(secret);
    const read = eventOf(logOf(message));
    expect(read.found).toBe("event");
    expect(read.found === "event" && read.event.kind === "reject" && read.event.employee_id).toBe("9");
  });

  it("is absent from a plain log line", () => {
    expect(eventOf({ level: "WARN", message: "Rejected employee 1 <a@b.test>: no" })).toEqual({
      found: "none",
    });
  });

  it.each([
    [{ v: 2, kind: "change", change: {} }, /version is 2; this reader reads version 1/],
    [{ kind: "reject" }, /version is missing/],
    [{ v: 1, kind: "reject", employee_id: 7, email: null, reason: "x" }, /employee_id/],
    [{ v: 1, kind: "promote" }, /kind/],
    ["text", /version is missing/],
  ])("is flagged, not guessed at, when it cannot be read: %j", (carried, problem) => {
    const read = eventOf({ level: "INFO", message: "text", [EVENT_KEY]: carried });
    expect(read.found).toBe("unreadable");
    expect(read.found === "unreadable" && read.problem).toMatch(problem);
  });
});
