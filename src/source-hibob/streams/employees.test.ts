import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterEach, describe, expect, it } from "vitest";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import type { AirbyteMessage } from "../../protocol/index.js";
import {
  catalogOf,
  emulatorConfig,
  nextState,
  readSource,
  recordsOf,
  statesOf,
} from "../../../test/helpers/read-source.js";
import { decodeFingerprints } from "../fingerprint.js";
import { createRun } from "../run.js";
import { employeesStream } from "./employees.js";

let emulator: HibobEmulator;

afterEach(async () => {
  await emulator.close();
});

async function start(employees: number): Promise<HibobEmulator> {
  emulator = await startHibobEmulator({
    employees,
    seed: 11,
    rateLimits: false,
    serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true } }],
  });
  return emulator;
}

const FULL = catalogOf(["employees"], "full_refresh");
const INCREMENTAL = catalogOf(["employees"], "incremental");

function logs(messages: readonly AirbyteMessage[], level: string): string[] {
  return messages.flatMap((m) => (m.type === "LOG" && m.log.level === level ? [m.log.message] : []));
}

function streamState(message: AirbyteMessage | undefined): Record<string, unknown> {
  if (message?.type !== "STATE") throw new Error("not a state");
  return message.state.stream?.stream_state ?? {};
}

describe("employees stream", () => {
  it("reads every visible employee once, in the nested form, valid against the discovered schema", async () => {
    await start(45);
    const config = emulatorConfig(emulator.baseUrl, { batch_size: 10 });
    const before = emulator.state.stats.requests;
    const messages = await readSource(config, FULL);
    // Field metadata, the id list, then five batches of ten.
    expect(emulator.state.stats.requests - before).toBe(1 + 1 + 5);

    const records = recordsOf(messages, "employees");
    const ids = records.map((r) => r.id);
    expect(new Set(ids).size).toBe(records.length);
    expect(records.length).toBeGreaterThan(40);
    for (const id of ids) expect(id).toMatch(/^\d{19}$/);

    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(await employeesStream.jsonSchema(createRun(config)));
    for (const record of records) {
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      expect(Object.keys(record).filter((key) => key.startsWith("/"))).toEqual([]);
      expect(record.humanReadable).toBeTypeOf("object");
    }
    const estimate = messages.find((m) => m.type === "TRACE" && m.trace.type === "ESTIMATE");
    expect(estimate).toMatchObject({
      trace: { estimate: { name: "employees", row_estimate: records.length } },
    });
  });

  it("keeps no fingerprints in a full refresh: its states only say how far the pass got", async () => {
    await start(25);
    const config = emulatorConfig(emulator.baseUrl);
    const messages = await readSource(config, FULL, { checkpointInterval: 10 });
    const count = recordsOf(messages).length;
    expect(statesOf(messages).map(streamState)).toEqual([
      { __ab_no_cursor_state_message: true, employees: 10 },
      { __ab_no_cursor_state_message: true, employees: 20 },
      { __ab_no_cursor_state_message: true, employees: count },
    ]);
    // An incremental sync starts afresh from it, without a warning, and emits everyone.
    const next = await readSource(config, INCREMENTAL, { state: nextState(messages) });
    expect(logs(next, "WARN")).toEqual([]);
    expect(recordsOf(next)).toHaveLength(count);
  });

  it("grows its batches when paced, so the pass fits in a minute of searches", async () => {
    await start(120);
    // 1 id list + 120 / 10 batches = 13 searches, over a pace of 5 a minute: batches of 30 make it 5.
    const config = emulatorConfig(emulator.baseUrl, { batch_size: 10, requests_per_minute: 5 });
    const before = emulator.state.stats.requests;
    const messages = await readSource(config, FULL, { requestsPerMinute: 5 });
    expect(recordsOf(messages)).toHaveLength(120);
    expect(emulator.state.stats.requests - before).toBe(1 + 1 + 4);
  });

  it("keeps under 48 bytes of state per employee", async () => {
    await start(300);
    const messages = await readSource(emulatorConfig(emulator.baseUrl), INCREMENTAL);
    const [state] = nextState(messages);
    const count = recordsOf(messages).length;
    expect(JSON.stringify(state).length / count).toBeLessThan(48);
  });

  it("emits only new, changed and vanished employees on the next incremental read", async () => {
    await start(60);
    const config = emulatorConfig(emulator.baseUrl);
    const first = await readSource(config, INCREMENTAL);
    const everyone = recordsOf(first).length;

    const unchanged = await readSource(config, INCREMENTAL, { state: nextState(first) });
    expect(recordsOf(unchanged)).toEqual([]);
    expect(statesOf(unchanged)).toHaveLength(1);

    const day = emulator.passDays({
      updates: 3,
      hires: 2,
      terminations: 2,
      deletions: 3,
      rehires: 0,
      emailChanges: 0,
      timeOffRequests: 0,
    });
    const second = await readSource(config, INCREMENTAL, { state: nextState(unchanged) });
    const records = recordsOf(second);
    const emitted = new Set(records.map((r) => r.id));
    // Someone hired and deleted on the same day was never seen, so never vanishes.
    const seenBefore = new Set(recordsOf(first).map((r) => r.id));
    const vanished = day.deleted.filter((id) => seenBefore.has(id));
    const stillThere = (id: string) => !day.deleted.includes(id);
    const touched = [...day.hired, ...day.terminated, ...day.updated.map((u) => u.id)].filter(stillThere);
    for (const id of [...touched, ...vanished]) expect(emitted).toContain(id);
    const deletions = records.filter((r) => r._ab_cdc_deleted_at !== undefined);
    expect(deletions.map((r) => r.id).sort()).toEqual([...vanished].sort());
    expect(vanished.length).toBeGreaterThan(0);
    expect(deletions[0]).toEqual({
      id: expect.stringMatching(/^\d{19}$/),
      _ab_cdc_updated_at: expect.any(String),
      _ab_cdc_deleted_at: expect.any(String),
    });
    // Far fewer than everyone: only what the day touched (and the managers or reports it rippled to).
    expect(records.length).toBeLessThan(everyone / 2);
    const terminated = records.find((r) => r.id === day.terminated[0]);
    expect(terminated).toMatchObject({ internal: { lifecycleStatus: "terminated" } });

    const saved = decodeFingerprints(String(streamState(statesOf(second).at(-1)).fingerprints));
    const known = [...(saved?.keys() ?? [])];
    expect(known).not.toContain(vanished[0]);
    expect(known).toEqual(expect.arrayContaining(day.hired.filter(stillThere)));
  });

  it("does not take a day passing for a change: fields of type period tick without an edit", async () => {
    await start(60);
    // The salary group brings payroll.timeSinceLastSalaryChange, a period no fixed list of ids names.
    const config = emulatorConfig(emulator.baseUrl, { field_groups: ["basic_info", "work", "salary"] });
    const first = await readSource(config, INCREMENTAL);
    expect(JSON.stringify(recordsOf(first))).toContain("timeSinceLastSalaryChange");
    emulator.passDays({
      updates: 0,
      hires: 0,
      terminations: 0,
      deletions: 0,
      rehires: 0,
      emailChanges: 0,
      timeOffRequests: 0,
    });
    const next = await readSource(config, INCREMENTAL, { state: nextState(first) });
    expect(recordsOf(next).map((r) => r.id)).toEqual([]);
  });

  it("checkpoints every N records and resumes a broken-off pass without losing or repeating anyone", async () => {
    await start(75);
    const config = emulatorConfig(emulator.baseUrl, { batch_size: 13 });
    const messages = await readSource(config, INCREMENTAL, { checkpointInterval: 10 });
    const states = statesOf(messages);
    const counts = states.map((s) => (s.type === "STATE" ? s.state.sourceStats?.recordCount : undefined));
    const total = recordsOf(messages).length;
    expect(counts.slice(0, -1).every((n) => n === 10)).toBe(true);
    expect(counts.reduce((a = 0, b = 0) => a + b, 0)).toBe(total);

    // As if the sync died after the second checkpoint: the next one reads only the employees not yet sent.
    const second = states[1];
    const resumed = await readSource(config, INCREMENTAL, {
      state: [second?.type === "STATE" ? second.state : undefined],
    });
    const resumedIds = recordsOf(resumed).map((r) => r.id);
    expect(resumedIds).toHaveLength(total - 20);
    const firstTwenty = recordsOf(messages)
      .slice(0, 20)
      .map((r) => r.id);
    expect(resumedIds.filter((id) => firstTwenty.includes(id))).toEqual([]);
  });

  it("reads afresh, with a warning, when the saved state is not one it wrote", async () => {
    await start(12);
    const config = emulatorConfig(emulator.baseUrl);
    const broken = [
      { type: "STREAM", stream: { stream_descriptor: { name: "employees" }, stream_state: { cursor: 42 } } },
    ];
    const messages = await readSource(config, INCREMENTAL, { state: broken });
    expect(logs(messages, "WARN").join("\n")).toContain("not one this stream understands");
    expect(recordsOf(messages).length).toBeGreaterThan(5);
  });

  it("fails with a config error naming Basic info when Bob hides employee ids", async () => {
    emulator = await startHibobEmulator({
      employees: 8,
      seed: 11,
      rateLimits: false,
      serviceUsers: [{ id: "emulator", token: "emulator-token", permissions: ["work", "lifecycle"] }],
    });
    const messages = await readSource(emulatorConfig(emulator.baseUrl), FULL);
    expect(recordsOf(messages)).toEqual([]);
    const errors = messages.flatMap((m) => (m.type === "TRACE" && m.trace.error ? [m.trace.error] : []));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.failure_type).toBe("config_error");
    expect(errors[0]?.message).toContain("Basic info › ID (root.id)");
    expect(errors[0]?.message).toContain("grant the Basic info category");
  });

  it("passes Bob's labels on as sent: a null stays in the machine form and is absent from humanReadable", async () => {
    await start(120);
    const config = emulatorConfig(emulator.baseUrl);
    const records = recordsOf(await readSource(config, FULL));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(await employeesStream.jsonSchema(createRun(config)));
    const noDepartment = records.filter((r) => (r.work as { department?: unknown }).department === null);
    expect(noDepartment.length).toBeGreaterThan(0);
    for (const record of noDepartment) {
      expect(record.humanReadable).not.toHaveProperty("work.department");
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("reads field ids with spaces into their nested place, typed by the schema", async () => {
    await start(60);
    const bonus = "payroll.variable.Executive bonus.amount";
    const config = emulatorConfig(emulator.baseUrl, {
      field_groups: ["basic_info"],
      additional_fields: [bonus],
    });
    const records = recordsOf(await readSource(config, FULL));
    const amounts = records.map(
      (r) =>
        (r.payroll as Record<string, Record<string, Record<string, unknown>>>).variable?.["Executive bonus"]
          ?.amount,
    );
    expect(amounts.filter((a) => a === null).length).toBeGreaterThan(0);
    expect(amounts.find((a) => a !== null)).toEqual({
      value: expect.any(Number),
      currency: expect.any(String),
    });
    const schema = await employeesStream.jsonSchema(createRun(config));
    expect(JSON.stringify(schema)).toContain('"Executive bonus":{"type":["object","null"]');
  });

  it("leaves labels out when human_readable is off", async () => {
    await start(5);
    const messages = await readSource(emulatorConfig(emulator.baseUrl, { human_readable: false }), FULL);
    for (const record of recordsOf(messages)) expect(record).not.toHaveProperty("humanReadable");
  });

  it("waits out Bob's rate limit and tells the platform it is rate limited", async () => {
    // One virtual clock for Bob and the source: the waits are real to both, and the test never sleeps.
    let now = Date.parse("2026-11-23T09:00:00Z");
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        now += ms;
        return Promise.resolve();
      },
    };
    emulator = await startHibobEmulator({
      employees: 30,
      seed: 3,
      now: clock.now,
      rateLimits: { "people.search": 2 },
      serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true } }],
    });
    // Pacing off, so Bob's 429 is what stops the third search (ids, then three batches of ten).
    const config = emulatorConfig(emulator.baseUrl, { batch_size: 10 });
    const messages = await readSource(config, FULL, { clock, requestsPerMinute: 0 });
    expect(recordsOf(messages)).toHaveLength(30);
    const waits = messages.filter(
      (m) => m.type === "TRACE" && m.trace.stream_status?.reasons?.[0]?.type === "RATE_LIMITED",
    );
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toMatchObject({
      trace: {
        stream_status: {
          status: "RUNNING",
          reasons: [{ rate_limited: { quota_reset: expect.any(Number) } }],
        },
      },
    });
  });
});
