import { describe, expect, it } from "vitest";
import { learner } from "../../test/fixtures/learner.js";
import type { Plan } from "../destination-learners/plan/index.js";
import { EMPTY_PLAN } from "../destination-learners/plan/index.js";
import { planChanges } from "../destination-learners/report.js";
import type { BatchOutcomes, LearnerCounts, LearnerEventBody } from "../learner-events/index.js";
import { EVENT_KEY, eventLog, NO_COUNTS } from "../learner-events/index.js";
import type {
  AirbyteMessage,
  AirbyteStream,
  ConfiguredCatalog,
  FailureType,
  LogLevel,
  StreamStatus,
} from "../protocol/index.js";
import { SyncTally } from "./sync-tally.js";

const stream = (name: string, incremental: boolean): AirbyteStream => ({
  name,
  json_schema: { type: "object" },
  supported_sync_modes: incremental ? ["full_refresh", "incremental"] : ["full_refresh"],
});

const catalog: ConfiguredCatalog = {
  streams: [
    { stream: stream("employees", true), sync_mode: "incremental", destination_sync_mode: "append_dedup" },
    {
      stream: stream("employment_history", false),
      sync_mode: "full_refresh",
      destination_sync_mode: "append_dedup",
    },
    { stream: stream("sites", false), sync_mode: "full_refresh", destination_sync_mode: "append_dedup" },
  ],
};

const RUN = {
  connection: "source-to-lms",
  run_id: "2026-11-23T17-00-00-000Z",
  started_at: "2026-11-23T17:00:00.000Z",
  ended_at: "2026-11-23T17:00:05.000Z",
  state: { file: "state.json", checkpoints: 2 },
  learner_directory: null,
};

const T0 = Date.parse("2026-11-23T17:00:01.000Z");

const record = (name: string): AirbyteMessage => ({
  type: "RECORD",
  record: { stream: name, data: { id: "1" }, emitted_at: T0 },
});

const status = (
  name: string,
  value: StreamStatus,
  rateLimit?: { readonly emittedAt: number; readonly quotaReset?: number },
): AirbyteMessage => ({
  type: "TRACE",
  trace: {
    type: "STREAM_STATUS",
    emitted_at: rateLimit?.emittedAt ?? T0,
    stream_status: {
      stream_descriptor: { name },
      status: value,
      ...(rateLimit === undefined
        ? {}
        : {
            reasons: [
              {
                type: "RATE_LIMITED" as const,
                ...(rateLimit.quotaReset === undefined
                  ? {}
                  : { rate_limited: { quota_reset: rateLimit.quotaReset } }),
              },
            ],
          }),
    },
  },
});

const log = (level: LogLevel, message: string): AirbyteMessage => ({ type: "LOG", log: { level, message } });

const errorTrace = (message: string, failureType?: FailureType, name?: string): AirbyteMessage => ({
  type: "TRACE",
  trace: {
    type: "ERROR",
    emitted_at: T0,
    error: {
      message,
      ...(failureType === undefined ? {} : { failure_type: failureType }),
      ...(name === undefined ? {} : { stream_descriptor: { name } }),
    },
  },
});

const echoedState = (name: string, recordCount?: number): AirbyteMessage => ({
  type: "STATE",
  state: {
    type: "STREAM",
    stream: { stream_descriptor: { name }, stream_state: { cursor: "x" } },
    ...(recordCount === undefined ? {} : { destinationStats: { recordCount } }),
  },
});

const totals = (counts: Partial<LearnerCounts>): LearnerCounts => ({ ...NO_COUNTS, ...counts });

const streamReports = (tally: SyncTally) => tally.report(RUN).streams;

describe("SyncTally", () => {
  it("reports every configured stream, untouched ones as not started", () => {
    const report = new SyncTally(catalog).report(RUN);
    expect(report).toEqual({
      ...RUN,
      status: "succeeded",
      dry_run: false,
      failure: null,
      streams: [
        {
          name: "employees",
          sync_mode: "incremental",
          records_read: 0,
          records_committed: 0,
          status: "not started",
        },
        {
          name: "employment_history",
          sync_mode: "full_refresh",
          records_read: 0,
          records_committed: 0,
          status: "not started",
        },
        {
          name: "sites",
          sync_mode: "full_refresh",
          records_read: 0,
          records_committed: 0,
          status: "not started",
        },
      ],
      learners: NO_COUNTS,
      rate_limit_waits: { count: 0, seconds: 0 },
      changes: [],
      changes_not_listed: 0,
      course_assignments: [],
      rejects: [],
      retried_rejects: null,
      warnings: [],
    });
  });

  it("counts records read per stream, whether counted directly or from a message", () => {
    const tally = new SyncTally(catalog);
    for (let i = 0; i < 3; i += 1) tally.recordRead("employees");
    tally.fromSource(record("employees"));
    tally.fromSource(record("employment_history"));
    expect(streamReports(tally).map((entry) => [entry.name, entry.records_read])).toEqual([
      ["employees", 4],
      ["employment_history", 1],
      ["sites", 0],
    ]);
    expect(tally.progress().recordsRead).toBe(5);
  });

  it("knows how many records the source expects once it has estimated every stream", () => {
    const estimate = (name: string, rows: number): AirbyteMessage => ({
      type: "TRACE",
      trace: { type: "ESTIMATE", emitted_at: T0, estimate: { name, type: "STREAM", row_estimate: rows } },
    });
    const tally = new SyncTally(catalog);
    expect(tally.progress().recordsExpected).toBeNull();
    tally.fromSource(estimate("employees", 80));
    tally.fromSource(estimate("employment_history", 20));
    tally.fromSource(estimate("employees", 120));
    // What the destination says of estimates is not the source's read, and "of" needs every stream's.
    tally.fromDestination(estimate("sites", 1_000));
    expect(tally.progress().recordsExpected).toBeNull();
    tally.fromSource(estimate("sites", 5));
    expect(tally.progress().recordsExpected).toBe(145);
  });

  it.each([
    { statuses: ["STARTED"], expected: "running" },
    { statuses: ["STARTED", "RUNNING"], expected: "running" },
    { statuses: ["STARTED", "COMPLETE"], expected: "complete" },
    { statuses: ["STARTED", "INCOMPLETE"], expected: "incomplete" },
  ] as const)("maps the source's stream statuses $statuses to $expected", ({ statuses, expected }) => {
    const tally = new SyncTally(catalog);
    for (const value of statuses) tally.fromSource(status("employees", value));
    const [employees, history] = streamReports(tally);
    expect(employees?.status).toBe(expected);
    expect(history?.status).toBe("not started");
  });

  it("ignores stream statuses the destination sends", () => {
    const tally = new SyncTally(catalog);
    tally.fromDestination(status("employees", "COMPLETE"));
    expect(streamReports(tally)[0]?.status).toBe("not started");
  });

  it("counts rate-limit pauses and how long they lasted", () => {
    const tally = new SyncTally(catalog);
    tally.fromSource(status("employees", "STARTED"));
    tally.fromSource(status("employees", "RUNNING", { emittedAt: T0, quotaReset: T0 + 20_000 }));
    expect(tally.progress()).toMatchObject({ rateLimitWaits: 1, waitingUntil: T0 + 20_000 });
    expect(streamReports(tally)[0]?.status).toBe("running");

    tally.recordRead("employees");
    expect(tally.progress().waitingUntil).toBeNull();

    tally.fromSource(status("employees", "RUNNING", { emittedAt: T0 + 30_000, quotaReset: T0 + 41_400 }));
    tally.fromSource(status("employees", "RUNNING", { emittedAt: T0 + 50_000 }));
    tally.fromSource(status("employees", "RUNNING"));
    expect(tally.progress()).toMatchObject({ rateLimitWaits: 3, waitingUntil: T0 + 41_400 });
    expect(tally.report(RUN).rate_limit_waits).toEqual({ count: 3, seconds: 31 });
  });

  it("does not count a quota reset already past as time waited", () => {
    const tally = new SyncTally(catalog);
    tally.fromSource(status("employees", "RUNNING", { emittedAt: T0, quotaReset: T0 - 5_000 }));
    expect(tally.report(RUN).rate_limit_waits).toEqual({ count: 1, seconds: 0 });
  });

  it("adds each echoed state's committed records to its stream", () => {
    const tally = new SyncTally(catalog);
    tally.fromDestination(echoedState("employees", 100));
    tally.fromDestination(echoedState("employees", 23));
    tally.fromDestination(echoedState("employment_history", 4));
    tally.fromDestination(echoedState("sites"));
    expect(streamReports(tally).map((entry) => [entry.name, entry.records_committed])).toEqual([
      ["employees", 123],
      ["employment_history", 4],
      ["sites", 0],
    ]);
  });

  it("does not count states the source emits as committed", () => {
    const tally = new SyncTally(catalog);
    tally.fromSource(echoedState("employees", 100));
    expect(streamReports(tally)[0]?.records_committed).toBe(0);
  });

  describe("reads the destination's events, never its text", () => {
    const plan: Plan = {
      ...EMPTY_PLAN,
      creates: [learner("1")],
      updates: [
        {
          ref: "r2",
          learner: learner("2", { title: "Lead" }),
          changes: [{ field: "title", from: "Engineer", to: "Lead" }],
        },
      ],
      archives: [
        {
          ref: "r3",
          learner: learner("3", { status: "archived" }),
          changes: [{ field: "status", from: "active", to: "archived" }],
          reason: "terminated",
        },
      ],
      assignments: [
        { external_id: "1", email: "p1@acme.test", course: "Security 101", trigger: "new_learner" },
      ],
    };
    const event = (body: LearnerEventBody, level: LogLevel = "INFO", text = "said to people only") =>
      eventLog(level, text, body);
    const outcomes: BatchOutcomes = { written: [], archived: [], unchanged: [], skipped: [] };

    it("takes the learner totals from batch and summary events, the latest winning", () => {
      const tally = new SyncTally(catalog);
      const soFar = totals({ created: 1, updated: 2 });
      tally.fromDestination(event({ kind: "batch", counts: soFar, employees: outcomes }));
      expect(tally.progress().learners).toEqual(soFar);
      const final = totals({
        created: 1480,
        updated: 12,
        archived: 5,
        reactivated: 1,
        managers_linked: 470,
        assigned: 960,
        notified: 3,
        rejected: 2,
        skipped: 7,
      });
      tally.fromDestination(
        event(
          { kind: "summary", dry_run: false, counts: final, changes_not_listed: 4 },
          "INFO",
          "Learners: …",
        ),
      );
      expect(tally.progress().learners).toEqual(final);
      const report = tally.report(RUN);
      expect(report.learners).toEqual(final);
      expect(report.changes_not_listed).toBe(4);
      expect(report.warnings).toEqual([]);
    });

    it("lists each change and reject as the events say, whatever the log text", () => {
      const tally = new SyncTally(catalog);
      const changes = [...planChanges(plan)];
      for (const change of changes) tally.fromDestination(event({ kind: "change", change }));
      tally.fromDestination(
        event({ kind: "reject", employee_id: "9", email: "o>brien@acme.test", reason: "a > b" }, "WARN"),
      );
      tally.fromDestination(
        event({ kind: "reject", employee_id: null, email: null, reason: "no id" }, "WARN"),
      );

      const report = tally.report(RUN);
      expect(report.changes).toEqual([
        {
          action: "create",
          employee_id: "1",
          email: "p1@acme.test",
          name: "P 1",
          detail: "",
          change: changes[0],
        },
        {
          action: "update",
          employee_id: "2",
          email: "p2@acme.test",
          name: "P 2",
          detail: 'title: "Engineer" → "Lead"',
          change: changes[1],
        },
        {
          action: "archive",
          employee_id: "3",
          email: "p3@acme.test",
          name: "P 3",
          detail: "terminated",
          change: changes[2],
        },
      ]);
      // The typed change rides along, so a reader shows its parts without reading `detail`.
      expect(changes[1]).toMatchObject({ fields: [{ field: "title", from: "Engineer", to: "Lead" }] });
      // The assignment is counted with its course, not listed as a change of its own.
      expect(report.course_assignments).toEqual([
        { course: "Security 101", trigger: "new_learner", learners: 1 },
      ]);
      expect(report.rejects).toEqual([
        { employee_id: "9", email: "o>brien@acme.test", name: null, reason: "a > b" },
        { employee_id: null, email: null, name: null, reason: "no id" },
      ]);
      expect(report.warnings).toEqual([]);
    });

    it("names a rejected person when the event does, and reads events written before names", () => {
      const tally = new SyncTally(catalog);
      const hostile = 'Eve <boss@acme.test>\u2028"\u202e';
      tally.fromDestination(
        event({ kind: "reject", employee_id: "9", email: null, name: hostile, reason: "no" }, "WARN"),
      );
      tally.fromDestination(
        event({ kind: "change", change: { action: "create", employee_id: "8", email: "e@acme.test" } }),
      );
      const report = tally.report(RUN);
      expect(report.rejects).toEqual([{ employee_id: "9", email: null, name: hostile, reason: "no" }]);
      expect(report.changes).toMatchObject([{ action: "create", employee_id: "8", name: null }]);
    });

    it("counts courses per course and trigger as the destination counted them, listed or not", () => {
      const tally = new SyncTally(catalog);
      const assign = (id: string, course: string, trigger: string): LearnerEventBody => ({
        kind: "change",
        change: { action: "assign", employee_id: id, email: null, course, trigger },
      });
      tally.fromDestination(
        event({ kind: "change", change: { action: "create", employee_id: "1", email: null } }),
      );
      tally.fromDestination(event(assign("1", "Onboarding", "new_learner")));
      tally.fromDestination(event(assign("2", "Onboarding", "new_learner")));
      // The destination listed 3 changes and counted 258 more: 1 create and 257 assignments of Onboarding.
      const courses = [
        { course: "Onboarding", trigger: "new_learner", learners: 128 },
        { course: "Leading people", trigger: "promoted_to_supervisor", learners: 131 },
      ];
      tally.fromDestination(
        event({
          kind: "summary",
          dry_run: false,
          counts: totals({ created: 2, assigned: 259 }),
          courses,
          changes_not_listed: 258,
        }),
      );
      const report = tally.report(RUN);
      expect(report.course_assignments).toEqual(courses);
      expect(report.changes.map((change) => change.action)).toEqual(["create"]);
      expect(report.changes_not_listed).toBe(1);
    });

    it("counts the listed assignments when the destination counts no courses (an older writer)", () => {
      const tally = new SyncTally(catalog);
      for (const id of ["1", "2"])
        tally.fromDestination(
          event({
            kind: "change",
            change: {
              action: "assign",
              employee_id: id,
              email: null,
              course: "Onboarding",
              trigger: "new_learner",
            },
          }),
        );
      tally.fromDestination(
        event({ kind: "summary", dry_run: false, counts: totals({ assigned: 5 }), changes_not_listed: 3 }),
      );
      const report = tally.report(RUN);
      expect(report.course_assignments).toEqual([
        { course: "Onboarding", trigger: "new_learner", learners: 2 },
      ]);
      expect(report.changes_not_listed).toBe(3);
    });

    it("ignores what a line's text looks like when it carries no event", () => {
      const tally = new SyncTally(catalog);
      tally.fromDestination(log("INFO", "create employee 1 <p1@acme.test>"));
      tally.fromDestination(log("INFO", "Learners: created 5, updated 0."));
      expect(tally.report(RUN)).toMatchObject({ changes: [], rejects: [], learners: NO_COUNTS });
    });

    it("keeps learner and run warnings, named from the event", () => {
      const tally = new SyncTally(catalog);
      tally.fromDestination(
        event({ kind: "learner_warning", employee_id: "5", email: null, message: "no start date" }, "WARN"),
      );
      tally.fromDestination(event({ kind: "warning", message: "The archive cap held." }, "WARN"));
      expect(tally.report(RUN).warnings).toEqual(["Employee 5: no start date", "The archive cap held."]);
    });

    it("knows who each batch settled, the last batch naming someone winning", () => {
      const tally = new SyncTally(catalog);
      const batch = (employees: Partial<BatchOutcomes>) =>
        event({ kind: "batch", counts: NO_COUNTS, employees: { ...outcomes, ...employees } });
      tally.fromDestination(batch({ written: ["1"], skipped: ["2"], unchanged: ["3"] }));
      tally.fromDestination(batch({ archived: ["4"], written: ["2"] }));
      expect([...tally.outcomes()].sort()).toEqual([
        ["1", "written"],
        ["2", "written"],
        ["3", "unchanged"],
        ["4", "archived"],
      ]);
    });

    it.each([
      ["another version", { v: 2, kind: "summary" }, /version is 2/],
      ["a malformed event", { v: 1, kind: "reject", employee_id: 9 }, /employee_id/],
    ])("flags %s as a warning instead of guessing", (_name, carried, problem) => {
      const tally = new SyncTally(catalog);
      tally.fromDestination({
        type: "LOG",
        log: { level: "INFO", message: "Rejected …", [EVENT_KEY]: carried },
      });
      const report = tally.report(RUN);
      expect(report.rejects).toEqual([]);
      expect(report.warnings).toEqual([expect.stringMatching(problem)]);
      expect(report.warnings[0]).toMatch(/cannot read/);
    });

    it.each([
      { level: "WARN", kept: true },
      { level: "ERROR", kept: true },
      { level: "FATAL", kept: true },
      { level: "INFO", kept: false },
      { level: "DEBUG", kept: false },
      { level: "TRACE", kept: false },
    ] as const)("keeps other $level lines as warnings: $kept", ({ level, kept }) => {
      const tally = new SyncTally(catalog);
      tally.fromDestination(log(level, "The learner target answered slowly."));
      expect(tally.report(RUN).warnings).toEqual(kept ? ["The learner target answered slowly."] : []);
    });
  });

  it("keeps the source's warnings, once each", () => {
    const tally = new SyncTally(catalog);
    tally.fromSource(log("WARN", "Field 'work.site' is not readable by the service user."));
    tally.fromSource(log("WARN", "Field 'work.site' is not readable by the service user."));
    tally.fromSource(log("INFO", "Reading employees."));
    tally.fromDestination(log("WARN", "Dry run."));
    expect(tally.report(RUN).warnings).toEqual([
      "Field 'work.site' is not readable by the service user.",
      "Dry run.",
    ]);
  });

  it("keeps at most 200 warnings", () => {
    const tally = new SyncTally(catalog);
    for (let i = 0; i < 250; i += 1) tally.fromSource(log("WARN", `warning ${i}`));
    const { warnings } = tally.report(RUN);
    expect(warnings).toHaveLength(200);
    expect(warnings.at(-1)).toBe("warning 199");
  });

  describe("failure", () => {
    it("takes the first error trace, from either side", () => {
      const tally = new SyncTally(catalog);
      tally.fromSource(record("employees"));
      tally.fromDestination(errorTrace("The learner target refused the token.", "config_error", "employees"));
      tally.fromSource(errorTrace("Bob answered 500.", "transient_error"));
      tally.failed({ origin: "runner", stream: null, failure_type: null, message: "destination exited 1" });
      const expected = {
        origin: "destination",
        stream: "employees",
        failure_type: "config_error",
        message: "The learner target refused the token.",
      };
      expect(tally.failure).toEqual(expected);
      const report = tally.report(RUN);
      expect(report.status).toBe("failed");
      expect(report.failure).toEqual(expected);
    });

    it("fills in nulls for what a source error does not say", () => {
      const tally = new SyncTally(catalog);
      tally.fromSource(errorTrace("Bob is down."));
      expect(tally.failure).toEqual({
        origin: "source",
        stream: null,
        failure_type: null,
        message: "Bob is down.",
      });
    });

    it("records a failure the messages did not explain", () => {
      const tally = new SyncTally(catalog);
      expect(tally.failure).toBeNull();
      const failure = {
        origin: "runner",
        stream: null,
        failure_type: "system_error",
        message: "source-hibob exited with code 1",
      } as const;
      tally.failed(failure);
      tally.fromSource(errorTrace("later"));
      expect(tally.report(RUN)).toMatchObject({ status: "failed", failure });
    });

    it("is not set by other traces", () => {
      const tally = new SyncTally(catalog);
      tally.fromSource({
        type: "TRACE",
        trace: { type: "ESTIMATE", emitted_at: T0, estimate: { name: "employees", type: "STREAM" } },
      });
      tally.fromSource(status("employees", "COMPLETE"));
      expect(tally.report(RUN)).toMatchObject({ status: "succeeded", failure: null });
    });
  });
});
