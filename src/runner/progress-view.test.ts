import { describe, expect, it } from "vitest";
import { NO_COUNTS } from "../learner-events/index.js";
import type { ViewOutput } from "./progress-view.js";
import { progressLine, progressView } from "./progress-view.js";
import type { SyncProgress } from "./sync-tally.js";

const NOW = Date.parse("2026-11-23T17:00:00.000Z");

const progress = (overrides: Partial<SyncProgress> = {}): SyncProgress => ({
  dryRun: false,
  recordsRead: 1234,
  recordsExpected: null,
  learners: {
    ...NO_COUNTS,
    created: 1480,
    updated: 12,
    archived: 5,
    reactivated: 1,
    rejected: 3,
    managers_linked: 470,
  },
  rateLimitWaits: 2,
  waitingUntil: null,
  ...overrides,
});

/** Everything the view writes, call by call. */
function output(isTTY?: boolean): ViewOutput & { readonly writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    write(text: string) {
      writes.push(text);
      return true;
    },
    ...(isTTY === undefined ? {} : { isTTY }),
  };
}

describe("progressLine", () => {
  it("shows the counts with thousands separators", () => {
    expect(progressLine(progress({ recordsRead: 1_234_567 }), NOW)).toBe(
      "read 1,234,567 · learners created 1,480, updated 12, archived 5, reactivated 1, rejected 3 · " +
        "rate-limit waits 2",
    );
  });

  it("says of how many records, once the source has said how many it expects", () => {
    expect(progressLine(progress({ recordsRead: 1_200, recordsExpected: 10_000 }), NOW)).toMatch(
      /^read 1,200 of 10,000 · learners created 1,480/,
    );
  });

  it("says what a dry run would do", () => {
    expect(progressLine(progress({ dryRun: true }), NOW)).toBe(
      "read 1,234 · learners would create 1,480, would update 12, would archive 5, would reactivate 1, " +
        "would reject 3 · rate-limit waits 2",
    );
  });

  it.each([
    { waitingUntil: NOW + 20_000, shown: " (waiting 20 s)" },
    { waitingUntil: NOW + 1_200, shown: " (waiting 2 s)" },
    { waitingUntil: NOW + 1, shown: " (waiting 1 s)" },
    { waitingUntil: NOW, shown: "" },
    { waitingUntil: NOW - 5_000, shown: "" },
    { waitingUntil: null, shown: "" },
  ])("shows a pause until $waitingUntil as '$shown'", ({ waitingUntil, shown }) => {
    const line = progressLine(progress({ waitingUntil }), NOW);
    expect(line.endsWith(`rate-limit waits 2${shown}`)).toBe(true);
    expect(line.includes("waiting")).toBe(shown !== "");
  });
});

describe("progressView", () => {
  describe("not on a terminal", () => {
    it("writes at most one progress line per interval, each with its time, the first after one interval", () => {
      const out = output();
      const view = progressView(out, 10_000);
      for (let t = 0; t <= 25_000; t += 500) view.progress(progress({ recordsRead: t }), NOW + t);
      expect(out.writes).toEqual([
        `2026-11-23T17:00:10.000Z ${progressLine(progress({ recordsRead: 10_000 }), NOW + 10_000)}\n`,
        `2026-11-23T17:00:20.000Z ${progressLine(progress({ recordsRead: 20_000 }), NOW + 20_000)}\n`,
      ]);
    });

    it("draws every ten seconds unless told otherwise", () => {
      const out = output(false);
      const view = progressView(out);
      view.progress(progress(), NOW);
      view.progress(progress(), NOW + 9_999);
      view.progress(progress(), NOW + 10_000);
      view.progress(progress(), NOW + 19_999);
      view.progress(progress(), NOW + 20_000);
      expect(out.writes).toHaveLength(2);
    });

    it("writes nothing for a sync shorter than one interval", () => {
      const out = output(false);
      const view = progressView(out, 10_000);
      view.progress(progress({ recordsRead: 0, learners: NO_COUNTS, rateLimitWaits: 0 }), NOW);
      view.progress(progress(), NOW + 4_000);
      view.end();
      expect(out.writes).toEqual([]);
    });

    it.each([
      { level: "FATAL", shown: true },
      { level: "ERROR", shown: true },
      { level: "WARN", shown: true },
      { level: "INFO", shown: false },
      { level: "DEBUG", shown: false },
      { level: "TRACE", shown: false },
    ] as const)("prints $level log lines: $shown", ({ level, shown }) => {
      const out = output();
      const view = progressView(out, 10_000);
      view.progress(progress(), NOW);
      out.writes.length = 0;
      view.log("source-hibob", level, "Field 'work.site' is not readable.");
      expect(out.writes).toEqual(shown ? [`source-hibob ${level} Field 'work.site' is not readable.\n`] : []);
    });

    it("never writes terminal control codes", () => {
      const out = output();
      const view = progressView(out, 10_000);
      view.progress(progress(), NOW);
      view.log("destination-learners", "WARN", "slow");
      view.end();
      expect(out.writes.join("")).not.toContain("\x1b");
      expect(out.writes.join("")).not.toContain("\r");
    });
  });

  it.each([false, true])(
    "neutralises control, bidi and invisible characters in log lines (terminal: %s)",
    (isTTY) => {
      const out = output(isTTY);
      const view = progressView(out, 10_000);
      view.log(
        "destination-learners",
        "WARN",
        "Rejected employee 1 <x\x1b[2J\r\u202e\u2028@acme.test>: reason\u009b31m\nwith\u2066 more\u200b",
      );
      expect(out.writes).toEqual([
        "destination-learners WARN Rejected employee 1 <x [2J @acme.test>: reason 31m with more\n",
      ]);
    },
  );

  it.each([false, true])("draws no line of zeros before anything happened (terminal: %s)", (isTTY) => {
    const out = output(isTTY);
    const view = progressView(out, 10_000);
    const idle = progress({ recordsRead: 0, learners: NO_COUNTS, rateLimitWaits: 0 });
    for (let t = 0; t <= 30_000; t += 100) view.progress(idle, NOW + t);
    expect(out.writes).toEqual([]);
    view.progress(progress({ recordsRead: 0, learners: NO_COUNTS, rateLimitWaits: 1 }), NOW + 30_100);
    expect(out.writes).toHaveLength(1);
  });

  describe("on a terminal", () => {
    it("redraws the live line in place, at most ten times a second", () => {
      const out = output(true);
      const view = progressView(out, 10_000);
      view.progress(progress({ recordsRead: 1 }), NOW);
      view.progress(progress({ recordsRead: 2 }), NOW + 50);
      view.progress(progress({ recordsRead: 3 }), NOW + 100);
      expect(out.writes).toEqual([
        `\r\x1b[2K${progressLine(progress({ recordsRead: 1 }), NOW)}`,
        `\r\x1b[2K${progressLine(progress({ recordsRead: 3 }), NOW + 100)}`,
      ]);
    });

    it("prints a log line above the live line and draws the live line again", () => {
      const out = output(true);
      const view = progressView(out, 10_000);
      view.progress(progress(), NOW);
      out.writes.length = 0;
      view.log("destination-learners", "WARN", "The learner target answered slowly.");
      view.log("destination-learners", "INFO", "Checkpoint.");
      expect(out.writes).toEqual([
        "\r\x1b[2K",
        "destination-learners WARN The learner target answered slowly.\n",
        progressLine(progress(), NOW),
      ]);
    });

    it("prints a log line plainly before anything is drawn", () => {
      const out = output(true);
      const view = progressView(out, 10_000);
      view.log("source-hibob", "ERROR", "Bob answered 500.");
      expect(out.writes).toEqual(["source-hibob ERROR Bob answered 500.\n"]);
    });

    it("clears the live line at the end, once", () => {
      const out = output(true);
      const view = progressView(out, 10_000);
      view.progress(progress(), NOW);
      out.writes.length = 0;
      view.end();
      view.end();
      view.log("source-hibob", "WARN", "after");
      expect(out.writes).toEqual(["\r\x1b[2K", "source-hibob WARN after\n"]);
    });
  });
});
