import Database from "better-sqlite3";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { employee } from "../../test/fixtures/employee.js";
import { captureEmitter } from "../../test/helpers/capture.js";
import type {
  AirbyteMessage,
  ConfiguredCatalog,
  DestinationSyncMode,
  StateMessage,
  SyncMode,
} from "../protocol/index.js";
import { EVENT_KEY, LearnerEvent } from "../learner-events/index.js";
import { DestinationConfig } from "./config.js";
import { openTarget } from "./targets/open.js";
import type { Target } from "./targets/target.js";
import { writeLearners } from "./write.js";

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "write-"));
  path = join(dir, "learners.db");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const config = (fields: Record<string, unknown> = {}) =>
  DestinationConfig.parse({ target: { type: "sqlite", path }, ...fields });

function catalog(sync_mode: SyncMode = "full_refresh", mode: DestinationSyncMode = "append_dedup") {
  const stream = {
    name: "employees",
    json_schema: {},
    supported_sync_modes: ["full_refresh", "incremental"],
  };
  return { streams: [{ stream, sync_mode, destination_sync_mode: mode }] } as ConfiguredCatalog;
}

const record = (data: Record<string, unknown>, stream = "employees"): AirbyteMessage => ({
  type: "RECORD",
  record: { stream, data, emitted_at: 1 },
});
const state = (n: number, recordCount: number, stream = "employees"): AirbyteMessage => ({
  type: "STATE",
  state: {
    type: "STREAM",
    stream: { stream_descriptor: { name: stream }, stream_state: { n } },
    sourceStats: { recordCount },
    futureKey: { kept: true },
  },
});
const status = (value: "COMPLETE" | "INCOMPLETE"): AirbyteMessage => ({
  type: "TRACE",
  trace: {
    type: "STREAM_STATUS",
    emitted_at: 1,
    stream_status: { stream_descriptor: { name: "employees" }, status: value },
  },
});
const people = (ids: readonly string[]) => ids.map((id) => record(employee({ id })));

async function* from(messages: readonly AirbyteMessage[], between?: () => void) {
  for (const message of messages) {
    yield await Promise.resolve(message);
    between?.();
  }
}

async function write(
  messages: readonly AirbyteMessage[],
  options: {
    fields?: Record<string, unknown>;
    catalog?: ConfiguredCatalog;
    between?: () => void;
    wrap?: (target: Target) => Target;
    now?: string;
  } = {},
) {
  const parsed = config(options.fields);
  const capture = captureEmitter(() => 1);
  const opened = await openTarget(parsed, { dryRun: parsed.dry_run });
  const target = options.wrap?.(opened) ?? opened;
  try {
    await writeLearners(
      parsed,
      options.catalog ?? catalog(),
      from(messages, options.between),
      capture.emitter,
      target,
      {
        today: "2026-03-01",
        reportLimit: 5,
        ...(options.now === undefined ? {} : { now: options.now }),
      },
    );
  } finally {
    await target.close();
  }
  const out = capture.messages();
  return {
    states: out.flatMap((message) => (message.type === "STATE" ? [message.state] : [])),
    logs: out.flatMap((message) =>
      message.type === "LOG" ? [`${message.log.level} ${message.log.message}`] : [],
    ),
    // Parsed as any reader of the contract parses them: an event that does not validate fails the test.
    events: out.flatMap((message): LearnerEvent[] => {
      if (message.type !== "LOG" || message.log[EVENT_KEY] === undefined) return [];
      return [LearnerEvent.parse(message.log[EVENT_KEY])];
    }),
  };
}

function rows<T = Record<string, unknown>>(sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const learners = () =>
  rows<{ external_id: string; status: string }>(
    "SELECT external_id, status FROM learners ORDER BY external_id",
  );
const archived = () =>
  learners()
    .filter((entry) => entry.status === "archived")
    .map((entry) => entry.external_id);

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => String(from + index).padStart(3, "0"));

describe("writeLearners", () => {
  it("echoes every state in order, after its batch is committed, with destinationStats that add up", async () => {
    const committedAtEcho: number[] = [];
    const { states, logs } = await write(
      [
        ...people(["1", "2", "3"]),
        state(1, 3),
        record(employee({ id: "4" })),
        record(employee({ id: "5", email: null })),
        state(2, 2),
        record(employee({ id: "6" })),
      ],
      {
        // Runs when the loop asks for the next message, i.e. after it handled the one before.
        between: () => {
          committedAtEcho.push(rows("SELECT 1 FROM learners").length);
        },
      },
    );
    expect(
      states.map((entry: StateMessage) => [
        entry.stream?.stream_state,
        entry.sourceStats,
        entry.destinationStats,
      ]),
    ).toEqual([
      [{ n: 1 }, { recordCount: 3 }, { recordCount: 3, rejectedRecordCount: 0 }],
      [{ n: 2 }, { recordCount: 2 }, { recordCount: 1, rejectedRecordCount: 1 }],
    ]);
    expect(states[0]).toMatchObject({ futureKey: { kept: true } });
    // After the first state the three were durable, after the second four; the last record landed at the end.
    expect(committedAtEcho[3]).toBe(3);
    expect(committedAtEcho[6]).toBe(4);
    expect(learners().map((entry) => entry.external_id)).toEqual(["1", "2", "3", "4", "6"]);
    expect(rows("SELECT external_id, reason FROM rejects")).toEqual([
      { external_id: "5", reason: "employee has no email (root.email)" },
    ]);
    expect(logs).toContain("WARN Rejected Jane Doe (employee 5): employee has no email (root.email)");
    expect(logs.at(-1)).toBe(
      "INFO Learners: created 5, updated 0, archived 0, reactivated 0, managers linked 0, assigned 0, notified 0, " +
        "rejected 1, skipped by filters 0, leavers not created 0.",
    );
  });

  it("tells what it did as events that validate and add up, whatever the employees' values hold", async () => {
    await write([...people(["1", "2", "3"]), state(1, 3), status("COMPLETE")]);
    const { events } = await write(
      [
        record(employee({ id: "1", title: 'Lead > "all" <of> it' })),
        record(employee({ id: "2" })),
        record(employee({ id: "4", email: 'o>brien"x@acme.test' })),
        record(employee({ id: "5", email: "o'brien@acme.test" })),
        record(employee({ id: "6", startDate: "2026-02-30" })),
        state(1, 5),
        status("COMPLETE"),
      ],
      { fields: { max_archive_percent: 100 } },
    );
    const of = <K extends LearnerEvent["kind"]>(kind: K) =>
      events.filter((event): event is Extract<LearnerEvent, { kind: K }> => event.kind === kind);
    expect(of("change").map(({ change }) => change)).toEqual([
      { action: "create", employee_id: "5", email: "o'brien@acme.test", name: "Jane Doe" },
      { action: "create", employee_id: "6", email: "jane.6@acme.test", name: "Jane Doe" },
      {
        action: "update",
        employee_id: "1",
        email: "jane.1@acme.test",
        name: "Jane Doe",
        fields: [{ field: "title", from: "Engineer", to: 'Lead > "all" <of> it' }],
      },
      { action: "archive", employee_id: "3", email: "jane.3@acme.test", name: "Jane Doe", reason: "missing" },
    ]);
    expect(of("reject")).toEqual([
      {
        v: 1,
        kind: "reject",
        employee_id: "4",
        email: null,
        name: "Jane Doe",
        reason: `email 'o>brien"x@acme.test' is not an address: it contains '>' (markup and quotes are not allowed)`,
      },
    ]);
    expect(of("learner_warning").map((event) => event.employee_id)).toEqual(["6"]);
    // The checkpoint's batch, then the archive pass's: every employee settled, by outcome.
    expect(of("batch").map((event) => event.employees)).toEqual([
      { written: ["5", "6", "1"], archived: [], unchanged: ["2"], skipped: [] },
      { written: [], archived: ["3"], unchanged: [], skipped: [] },
    ]);
    const [summary] = of("summary");
    expect(summary).toMatchObject({ dry_run: false, changes_not_listed: 0 });
    expect(summary?.counts).toMatchObject({ created: 2, updated: 1, archived: 1, rejected: 1 });
    expect(events.at(-1)).toBe(summary);
  });

  it("does not echo a state whose batch failed to apply", async () => {
    const failing = write([...people(["1"]), state(1, 1)], {
      wrap: (target) => ({ ...target, apply: () => Promise.reject(new Error("disk gone")) }),
    });
    await expect(failing).rejects.toThrow("disk gone");
  });

  it("tells what a target stopped part-way wrote before it failed, and echoes no state", async () => {
    const events: LearnerEvent[] = [];
    const capture = captureEmitter(() => 1);
    const parsed = config();
    const opened = await openTarget(parsed, { dryRun: false });
    // The target writes two of the three creates, then becomes unusable (a SCIM server gone mid-batch).
    const target: Target = {
      ...opened,
      apply: async (plan) => ({
        ...(await opened.apply({ ...plan, creates: plan.creates.slice(0, 2) })),
        interrupted: new Error("the SCIM server is unusable"),
      }),
    };
    try {
      const failing = writeLearners(
        parsed,
        catalog(),
        from([...people(["1", "2", "3"]), state(1, 3)]),
        capture.emitter,
        target,
        {
          today: "2026-03-01",
        },
      );
      await expect(failing).rejects.toThrow("the SCIM server is unusable");
    } finally {
      await target.close();
    }
    for (const message of capture.messages()) {
      if (message.type === "STATE") throw new Error("a state was echoed for a batch that failed");
      if (message.type === "LOG" && message.log[EVENT_KEY] !== undefined)
        events.push(LearnerEvent.parse(message.log[EVENT_KEY]));
    }
    expect(events.filter((event) => event.kind === "batch").map((event) => event.counts.created)).toEqual([
      2,
    ]);
    expect(learners().map((entry) => entry.external_id)).toHaveLength(2);
  });

  it("rejects every employee of a duplicated email and counts both, naming each", async () => {
    const { states, logs } = await write([
      record(employee({ id: "1", email: "same@acme.test" })),
      record(employee({ id: "2", email: "SAME@acme.test" })),
      record(employee({ id: "3", mobilePhone: "+44 7700 900123" })),
      state(1, 3),
    ]);
    expect(states[0]?.destinationStats).toEqual({ recordCount: 1, rejectedRecordCount: 2 });
    const warnings = logs.filter((line) => line.startsWith("WARN"));
    expect(warnings).toEqual([
      "WARN Rejected Jane Doe <same@acme.test>: duplicate email: also used by employee 2",
      "WARN Rejected Jane Doe <same@acme.test>: duplicate email: also used by employee 1",
    ]);
  });

  it("counts records of other streams as rejected against their own state", async () => {
    const { states, logs } = await write([
      ...people(["1"]),
      record({ id: "x" }, "named_lists"),
      record({ id: "y" }, "named_lists"),
      state(1, 2, "named_lists"),
      state(2, 1),
    ]);
    expect(states.map((entry) => entry.destinationStats)).toEqual([
      { recordCount: 0, rejectedRecordCount: 2 },
      { recordCount: 1, rejectedRecordCount: 0 },
    ]);
    expect(logs.filter((line) => line.includes("named_lists"))).toHaveLength(1);
  });

  it("archives the learners missing from a complete full refresh only after every state", async () => {
    await write([...people(ids(0, 20)), state(1, 20), status("COMPLETE")]);
    // One employee gone; the second batch holds people the first one lacks, which must not be archived.
    const { states } = await write([
      ...people(ids(0, 10)),
      state(1, 10),
      ...people(ids(10, 19)),
      state(2, 9),
      status("COMPLETE"),
    ]);
    expect(states.map((entry) => entry.destinationStats?.recordCount)).toEqual([10, 9]);
    expect(archived()).toEqual(["019"]);
  });

  it.each([
    ["ends COMPLETE", [status("COMPLETE")], ["019"]],
    ["ends INCOMPLETE", [status("INCOMPLETE")], []],
    // A source killed mid-pass sends no status at all: absence proves nothing then either.
    ["just ends", [], []],
  ])("a full refresh that %s archives %j", async (_name, tail, expected) => {
    await write([...people(ids(0, 20)), state(1, 20)]);
    await write([...people(ids(0, 19)), state(1, 19), ...tail]);
    expect(archived()).toEqual(expected);
  });

  it("never archives as missing when the source's states say its pass cannot prove absence, and says why", async () => {
    await write([...people(ids(0, 20)), state(1, 20), status("COMPLETE")]);
    const unproven = (n: number, recordCount: number): AirbyteMessage => ({
      type: "STATE",
      state: {
        type: "STREAM",
        stream: {
          stream_descriptor: { name: "employees" },
          stream_state: { __ab_no_cursor_state_message: true, employees: n, absence_unproven: true },
        },
        sourceStats: { recordCount },
      },
    });
    const { states, logs } = await write([...people(ids(0, 19)), unproven(19, 19), status("COMPLETE")]);
    expect(archived()).toEqual([]);
    expect(logs).toContainEqual(
      expect.stringMatching(/^WARN No learner was archived as missing: .*on leave/),
    );
    // The state is echoed as it came, marker and all, for the platform to keep.
    expect(states[0]?.stream?.stream_state).toMatchObject({ absence_unproven: true });
    // A later pass that can prove absence archives as usual.
    await write([...people(ids(0, 19)), state(2, 19), status("COMPLETE")]);
    expect(archived()).toEqual(["019"]);
  });

  it("never archives as missing on an incremental sync, but archives a deletion record's learner", async () => {
    await write([...people(ids(0, 20)), state(1, 20)], { catalog: catalog("incremental") });
    const { states } = await write(
      [
        record(employee({ id: "001", title: "Lead" })),
        record({
          id: "002",
          _ab_cdc_updated_at: "2026-03-01T00:00:00Z",
          _ab_cdc_deleted_at: "2026-03-01T00:00:00Z",
        }),
        state(2, 2),
        status("COMPLETE"),
      ],
      { catalog: catalog("incremental") },
    );
    expect(states[0]?.destinationStats).toEqual({ recordCount: 2, rejectedRecordCount: 0 });
    expect(archived()).toEqual(["002"]);
  });

  it("holds every missing archive above max_archive_percent and says why in a WARN", async () => {
    await write([...people(ids(0, 20)), state(1, 20)]);
    const { logs } = await write([...people(ids(0, 10)), state(1, 10), status("COMPLETE")]);
    expect(archived()).toEqual([]);
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^WARN 10 of 20 active learners \(50%\) .* none were archived .*raise max_archive_percent/,
      ),
    );
  });

  it("dry run creates no file, reports the plan and echoes no state, since it commits nothing", async () => {
    const { states, logs } = await write([...people(ids(0, 8)), state(1, 8), status("COMPLETE")], {
      fields: { dry_run: true },
    });
    expect(existsSync(path)).toBe(false);
    expect(states).toEqual([]);
    const counts =
      "created 8, updated 0, archived 0, reactivated 0, managers linked 0, assigned 0, notified 0, rejected 0, " +
      "skipped by filters 0, leavers not created 0.";
    expect(logs).toEqual([
      ...ids(0, 5).map((id) => `INFO create learner Jane Doe <jane.${id}@acme.test>`),
      `INFO Learners so far: ${counts}`,
      "INFO … and 3 more",
      `INFO Dry run, nothing was written. Learners: ${counts}`,
    ]);
  });

  it("counts every course assignment per course and trigger, beyond the change lines' limit", async () => {
    const rules = {
      course_rules: [
        { course: "Security basics", when: "new_learner" },
        { course: "Leading people", when: "promoted_to_supervisor" },
      ],
    };
    const first = await write([...people(ids(0, 8)), state(1, 8), status("COMPLETE")], { fields: rules });
    const changes = first.events.filter((event) => event.kind === "change");
    expect(changes).toHaveLength(5);
    const courses = [{ course: "Security basics", trigger: "new_learner", learners: 8 }];
    const summary = first.events.find((event) => event.kind === "summary");
    expect(summary).toMatchObject({ courses, changes_not_listed: 11 });
    expect(summary?.counts.assigned).toBe(8);
    expect(first.events.find((event) => event.kind === "batch")).toMatchObject({ courses });

    const next = await write(
      [record(employee({ id: "000", isManager: true })), ...people(ids(1, 8)), state(1, 8)],
      { fields: rules },
    );
    expect(next.events.find((event) => event.kind === "summary")).toMatchObject({
      courses: [{ course: "Leading people", trigger: "promoted_to_supervisor", learners: 1 }],
    });
  });

  it("dry run against an existing directory plans updates and archives, and changes nothing", async () => {
    await write([...people(ids(0, 20)), state(1, 20)]);
    const before = rows("SELECT * FROM learners ORDER BY external_id");
    const { logs } = await write(
      [
        record(employee({ id: "000", title: "Lead" })),
        ...people(ids(1, 19)),
        state(1, 19),
        status("COMPLETE"),
      ],
      { fields: { dry_run: true } },
    );
    expect(rows("SELECT * FROM learners ORDER BY external_id")).toEqual(before);
    expect(logs).toContain('INFO update learner Jane Doe <jane.000@acme.test>: title: "Engineer" → "Lead"');
    expect(logs).toContain("INFO archive learner Jane Doe <jane.019@acme.test>: missing");
  });

  it("gives learners created this week a new_learner course they lack, in a dry run as in a real one", async () => {
    await write([...people(["1", "2"]), state(1, 2)]);
    const rules = { course_rules: [{ course: "Security basics", when: "new_learner" }] };
    const courses = () => rows("SELECT external_id, course FROM course_assignments ORDER BY external_id");
    const weekLater = new Date(Date.now() + 8 * 86_400_000).toISOString();
    // A week and a day on, they are long-standing learners: a new rule leaves them alone.
    await write([...people(["1", "2"]), state(1, 2)], { fields: rules, now: weekLater });
    expect(courses()).toEqual([]);

    const now = new Date().toISOString();
    const dry = await write([...people(["1", "2"]), state(1, 2)], {
      fields: { ...rules, dry_run: true },
      now,
    });
    expect(dry.logs).toContain("INFO assign 'Security basics' to Jane Doe <jane.1@acme.test> (new learner)");
    expect(courses()).toEqual([]);
    await write([...people(["1", "2"]), state(1, 2)], { fields: rules, now });
    expect(courses()).toEqual([
      { external_id: "1", course: "Security basics" },
      { external_id: "2", course: "Security basics" },
    ]);
  });

  it("update mode changes known learners and creates nobody; soft_delete archives each record's learner", async () => {
    await write([...people(["1", "2"]), state(1, 2)]);
    const { events } = await write(
      [record(employee({ id: "1", title: "Lead" })), ...people(["3"]), state(1, 2)],
      {
        catalog: catalog("incremental", "update"),
      },
    );
    expect(learners().map((entry) => entry.external_id)).toEqual(["1", "2"]);
    // Employee 3 has no learner: left out, as by a filter, never "unchanged".
    expect(events.flatMap((event) => (event.kind === "batch" ? [event.employees] : []))).toEqual([
      { written: ["1"], archived: [], unchanged: [], skipped: ["3"] },
    ]);
    expect(rows("SELECT title FROM learners WHERE external_id = '1'")).toEqual([{ title: "Lead" }]);
    const { states } = await write([record({ id: "2" }), state(1, 1)], {
      catalog: catalog("incremental", "soft_delete"),
    });
    expect(states[0]?.destinationStats).toEqual({ recordCount: 1, rejectedRecordCount: 0 });
    expect(archived()).toEqual(["2"]);
  });

  it("rejects a hostile email with its reason and writes the other records of the batch", async () => {
    const { states, logs } = await write([
      ...people(["1"]),
      record(employee({ id: "2", email: "jane\x1b[2J\u202e<script>@acme.test" })),
      ...people(["3"]),
      state(1, 3),
    ]);
    expect(states[0]?.destinationStats).toEqual({ recordCount: 2, rejectedRecordCount: 1 });
    expect(learners().map((entry) => entry.external_id)).toEqual(["1", "3"]);
    const reason =
      "email 'jane\\u001B[2J\\u202E<script>@acme.test' is not an address: " +
      "it contains the control character U+001B";
    expect(rows("SELECT external_id, email, reason FROM rejects")).toEqual([
      { external_id: "2", email: null, reason },
    ]);
    expect(logs).toContain(`WARN Rejected Jane Doe (employee 2): ${reason}`);
  });

  it("writes a learner whose start date does not exist without it, with a WARN naming them", async () => {
    const { logs } = await write([
      record(employee({ id: "1", startDate: "2026-02-30" })),
      record(employee({ id: "2", startDate: "2026-13-01" })),
      state(1, 2),
    ]);
    expect(rows("SELECT external_id, start_date FROM learners ORDER BY external_id")).toEqual([
      { external_id: "1", start_date: null },
      { external_id: "2", start_date: null },
    ]);
    expect(logs.filter((line) => line.startsWith("WARN"))).toEqual([
      "WARN Employee 1 <jane.1@acme.test>: start date '2026-02-30' is not a calendar date; the learner is " +
        "written without one",
      "WARN Employee 2 <jane.2@acme.test>: start date '2026-13-01' is not a calendar date; the learner is " +
        "written without one",
    ]);
  });

  describe("manager loops", () => {
    const boss = (id: string) => ({
      id,
      firstName: "Jane",
      surname: "Doe",
      email: `jane.${id}@acme.test`,
      displayName: `Jane Doe ${id}`,
    });
    const reporting = (id: string, manager: string) => record(employee({ id, reportsTo: boss(manager) }));
    const managers = () =>
      rows<{ external_id: string; manager_external_id: string | null }>(
        "SELECT external_id, manager_external_id FROM learners ORDER BY external_id",
      );
    const warnings = (logs: readonly string[]) => logs.filter((line) => line.startsWith("WARN"));

    it("writes a self-manager and a loop, leaving out one link of it, with a WARN naming them", async () => {
      const { states, logs } = await write([
        reporting("1", "1"),
        reporting("2", "3"),
        reporting("3", "4"),
        reporting("4", "2"),
        reporting("5", "2"),
        state(1, 5),
      ]);
      expect(states[0]?.destinationStats).toEqual({ recordCount: 5, rejectedRecordCount: 0 });
      expect(managers()).toEqual([
        { external_id: "1", manager_external_id: null },
        { external_id: "2", manager_external_id: null },
        { external_id: "3", manager_external_id: "4" },
        { external_id: "4", manager_external_id: "2" },
        { external_id: "5", manager_external_id: "2" },
      ]);
      expect(warnings(logs)).toEqual([
        "WARN Employee 1 <jane.1@acme.test>: Bob names them as their own manager; the learner is written " +
          "without a manager. Fix Reports to in Bob.",
        "WARN Employee 2 <jane.2@acme.test>: Bob's reporting lines loop (employee 2 <jane.2@acme.test> → " +
          "employee 3 <jane.3@acme.test> → employee 4 <jane.4@acme.test> → employee 2 <jane.2@acme.test>); " +
          "the learner is written without a manager. Fix Reports to in Bob.",
      ]);
    });

    it("finds a loop closed across checkpoints and syncs through the links the directory holds", async () => {
      await write([reporting("1", "2"), state(1, 1), reporting("2", "3"), state(2, 1)]);
      expect(managers()).toEqual([
        { external_id: "1", manager_external_id: "2" },
        { external_id: "2", manager_external_id: "3" },
      ]);
      // An incremental sync brings only employee 3, whose new manager closes 3 → 1 → 2 → 3.
      const { logs } = await write([reporting("3", "1"), state(1, 1)], { catalog: catalog("incremental") });
      expect(managers()).toEqual([
        { external_id: "1", manager_external_id: "2" },
        { external_id: "2", manager_external_id: "3" },
        { external_id: "3", manager_external_id: null },
      ]);
      expect(warnings(logs)).toEqual([
        expect.stringMatching(/^WARN Employee 3 <.*loop \(employee 3 .* → employee 1 /),
      ]);
      // The next full sync keeps the same links: the one left out stays out, nothing else changes.
      const again = await write([reporting("1", "2"), reporting("2", "3"), reporting("3", "1"), state(1, 3)]);
      expect(managers().map((entry) => entry.manager_external_id)).toEqual(["2", "3", null]);
      expect(warnings(again.logs)).toHaveLength(1);
    });
  });

  it("maps a 10,000-record batch between two states", async () => {
    const many = Array.from({ length: 10_000 }, (_, index) => record(employee({ id: `e${index}` })));
    const { states } = await write([...many, state(1, 10_000), status("COMPLETE")]);
    expect(states[0]?.destinationStats).toEqual({ recordCount: 10_000, rejectedRecordCount: 0 });
    expect(rows("SELECT count(*) AS n FROM learners")).toEqual([{ n: 10_000 }]);
  });
});
