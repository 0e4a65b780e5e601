import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream, type StreamRead } from "../../../test/helpers/read-source.js";
import { lifecycleStatus } from "@hibob-learners/hibob-emulator";
import { ALL_PERMISSIONS, type HibobEmulator, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { changeTimeOffRequest, openRequestsBefore } from "@hibob-learners/hibob-emulator";
import { businessNowMs } from "@hibob-learners/hibob-emulator";
import { describeStream, type SyncMode } from "../../protocol/index.js";
import { SourceConfig } from "../config.js";
import { createRun, type HibobRun } from "../run.js";
import { timeOffChangesStream } from "./time-off-changes.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const TODAY = "2026-03-15";
const DAY_MS = 86_400_000;

let nowMs = Date.parse(`${TODAY}T23:00:00Z`);
let emulator: HibobEmulator;
beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 200,
    seed: 5,
    today: TODAY,
    rateLimits: false,
    firewall: false,
    now: () => nowMs,
    serviceUsers: [
      { id: "emulator", token: "emulator-token" },
      {
        id: "no-time-off",
        token: "no-time-off-token",
        permissions: ALL_PERMISSIONS.filter((p) => p !== "timeOff"),
      },
    ],
  });
});
afterAll(() => emulator.close());

function runWith(extra: Record<string, unknown> = {}): HibobRun {
  const config = SourceConfig.parse({
    service_user_id: "emulator",
    service_user_token: "emulator-token",
    api_url: emulator.baseUrl,
    ...extra,
  });
  return createRun(config, { now: () => nowMs });
}

async function read(
  run: HibobRun,
  syncMode: SyncMode,
  state?: Record<string, unknown>,
  checkpointInterval?: number,
): Promise<StreamRead & { requests: number }> {
  const before = emulator.state.stats.requests;
  const result = await readStream(timeOffChangesStream, run, syncMode, {
    ...(state === undefined ? {} : { state }),
    ...(checkpointInterval === undefined ? {} : { checkpointInterval }),
  });
  return { ...result, requests: emulator.state.stats.requests - before };
}

const createdOn = (r: Record<string, unknown>): string => String(r.createdOn);
const keyOf = (r: Record<string, unknown>): string => `${String(r.request_id)}/${String(r.change_type)}`;
/** The keys of the records read, sorted: a key read twice stays twice. */
const keysOf = (records: readonly Record<string, unknown>[]): string[] => records.map(keyOf).sort();

/**
 * The emulator's own answer key: every change made in [fromMs, toMs] that Bob lists, as (request id, change
 * type), sorted. Bob leaves out pending changes and people outside "Access data for" (terminated, by default).
 */
function changeKeys(fromMs: number, toMs: number): string[] {
  const company = emulator.company;
  return company.timeOff
    .filter((c) => {
      const e = company.byId.get(c.employeeId);
      return (
        c.changeType !== "Pending" &&
        e !== undefined &&
        lifecycleStatus(e, company.today) !== "terminated" &&
        c.changedAtMs >= fromMs &&
        c.changedAtMs <= toMs
      );
    })
    .map((c) => `${String(c.requestId)}/${c.changeType}`)
    .sort();
}

/** Six calendar months before `ms`: where a read without start_date or state begins. */
function sixMonthsBefore(ms: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() - 6);
  return date.getTime();
}
const HOUR_MS = 3_600_000;

describe("time_off_changes", () => {
  it("walks 6-month windows from start_date: 14 months back is 3 requests, all changes once, all valid", async () => {
    const result = await read(runWith({ start_date: "2025-01-15" }), "full_refresh");
    expect(result.requests).toBe(3);
    // Bob leaves out pending changes and people outside "Access data for" (terminated, by default).
    const company = emulator.company;
    const visible = (id: string): boolean => {
      const e = company.byId.get(id);
      return e !== undefined && lifecycleStatus(e, company.today) !== "terminated";
    };
    const expected = company.timeOff.filter(
      (c) => c.changeType !== "Pending" && visible(c.employeeId),
    ).length;
    expect(result.records).toHaveLength(expected);
    const keys = result.records.map((r) => `${String(r.request_id)}/${String(r.change_type)}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Older than one window: only a walk over several windows can have read these.
    expect(result.records.some((r) => createdOn(r) < "2025-09-15")).toBe(true);

    const validate = addFormats(new Ajv({ strict: false })).compile(
      await timeOffChangesStream.jsonSchema(runWith()),
    );
    for (const record of result.records) {
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      expect(record.request_id).toBe(record.requestId);
      expect(record.change_type).toBe(record.changeType);
    }
    expect(result.states).toEqual([{ __ab_no_cursor_state_message: true }]);
  });

  it("reads the last 6 months in one request without a start_date", async () => {
    const result = await read(runWith(), "full_refresh");
    expect(result.requests).toBe(1);
    expect(keysOf(result.records)).toEqual(changeKeys(sixMonthsBefore(nowMs), nowMs));
    expect(result.records.length).toBeGreaterThan(0);
    for (const record of result.records) expect(createdOn(record) >= "2025-09-15T23:00").toBe(true);
  });

  it("is described with its key, cursor and both sync modes", async () => {
    expect(await describeStream(timeOffChangesStream, runWith())).toMatchObject({
      source_defined_primary_key: [["request_id"], ["change_type"]],
      default_cursor_field: ["window_to"],
      supported_sync_modes: ["full_refresh", "incremental"],
    });
  });

  it("checkpoints the end of each window, then reads from that end minus the overlap", async () => {
    const first = await read(runWith({ start_date: "2025-01-15" }), "incremental", undefined, 100);
    const ends = first.states.map((s) => String(s.window_to));
    expect(ends).toEqual([
      "2025-07-15T00:00:00.000Z",
      "2026-01-15T00:00:00.000Z",
      new Date(nowMs).toISOString(),
    ]);
    for (const record of first.records) expect(ends).toContain(record.window_to);

    const day = emulator.passDays({ timeOffRequests: 10, updates: 0, hires: 0, terminations: 0 });
    nowMs += DAY_MS;
    // Two changes that show up late, dated before the saved window's end: half an hour before it (inside the
    // overlap, so read now) and an hour and a half before it (outside, so not).
    const savedEnd = Date.parse(ends.at(-1) ?? "");
    const company = emulator.company;
    const open = openRequestsBefore(company, savedEnd - 2 * HOUR_MS).filter((id) => {
      const employeeId = company.timeOff.find((c) => c.requestId === id)?.employeeId ?? "";
      const e = company.byId.get(employeeId);
      return e !== undefined && lifecycleStatus(e, company.today) !== "terminated";
    });
    const [inside, outside] = open;
    if (inside === undefined || outside === undefined) throw new Error("no open requests to change");
    changeTimeOffRequest(company, inside, "Canceled", savedEnd - HOUR_MS / 2);
    changeTimeOffRequest(company, outside, "Deleted", savedEnd - (3 * HOUR_MS) / 2);

    const second = await read(runWith(), "incremental", first.states.at(-1));
    expect(second.requests).toBe(1);
    // Exactly the changes from an hour before the saved window's end up to now: the new day's, and the
    // overlap's read again.
    expect(keysOf(second.records)).toEqual(changeKeys(savedEnd - HOUR_MS, nowMs));
    expect(keysOf(second.records)).toContain(`${String(inside)}/Canceled`);
    expect(keysOf(second.records)).not.toContain(`${String(outside)}/Deleted`);
    expect(second.records.length).toBeGreaterThanOrEqual(day.timeOffChanges);
    expect(second.states).toEqual([{ window_to: new Date(nowMs).toISOString() }]);

    const third = await read(runWith(), "incremental", second.states.at(-1));
    expect(third.requests).toBe(1);
    expect(third.states).toEqual(second.states);
  });

  it("a change made today to a request created weeks ago reaches the next sync; three syncs lose and double nothing", async () => {
    const company = emulator.company;
    const first = await read(runWith({ start_date: "2025-12-01" }), "incremental");
    const visible = (id: string): boolean => {
      const e = company.byId.get(id);
      return e !== undefined && lifecycleStatus(e, company.today) !== "terminated";
    };
    // Requests created three to eight weeks ago whose only change so far, their creation, the first sync read.
    const emitted = new Set(first.records.map((r) => `${String(r.request_id)}/${String(r.change_type)}`));
    const counts = new Map<number, number>();
    for (const c of company.timeOff) counts.set(c.requestId, (counts.get(c.requestId) ?? 0) + 1);
    const old = company.timeOff.filter(
      (c) =>
        c.changeType === "Created" &&
        counts.get(c.requestId) === 1 &&
        visible(c.employeeId) &&
        emitted.has(`${String(c.requestId)}/Created`) &&
        c.changedAtMs < nowMs - 21 * DAY_MS &&
        c.changedAtMs > nowMs - 56 * DAY_MS,
    );
    const [canceled, deleted] = old;
    if (canceled === undefined || deleted === undefined) throw new Error("no old requests to change");
    const quiet = { updates: 0, hires: 0, terminations: 0, rehires: 0, emailChanges: 0 };

    emulator.passDays({ ...quiet, timeOffRequests: 4, timeOffCancellations: 0 });
    nowMs += DAY_MS;
    changeTimeOffRequest(company, canceled.requestId, "Canceled", businessNowMs(company, nowMs) - 3_600_000);
    const second = await read(runWith({ start_date: "2025-12-01" }), "incremental", first.states.at(-1));

    emulator.passDays({ ...quiet, timeOffRequests: 4, timeOffCancellations: 2 });
    nowMs += DAY_MS;
    changeTimeOffRequest(company, deleted.requestId, "Deleted", businessNowMs(company, nowMs) - 60_000);
    const third = await read(runWith({ start_date: "2025-12-01" }), "incremental", second.states.at(-1));

    expect(second.records).toContainEqual(
      expect.objectContaining({
        request_id: canceled.requestId,
        change_type: "Canceled",
        createdOn: first.records.find((r) => r.request_id === canceled.requestId)?.createdOn,
      }),
    );
    expect(third.records.map(keyOf)).toContain(`${String(deleted.requestId)}/Deleted`);

    // Nothing lost: deduplicated on the primary key, the three syncs hold every change made since start_date.
    const since = Date.parse("2025-12-01T00:00:00Z");
    const until = businessNowMs(company, nowMs);
    const expected = company.timeOff
      .filter(
        (c) =>
          c.changeType !== "Pending" &&
          visible(c.employeeId) &&
          c.changedAtMs >= since &&
          c.changedAtMs <= until,
      )
      .map((c) => `${String(c.requestId)}/${c.changeType}`);
    const all = [...first.records, ...second.records, ...third.records];
    expect(new Set(all.map(keyOf))).toEqual(new Set(expected));
    // Nothing doubled: a change read again in an overlap is the same change, so deduplication keeps one.
    const byKey = new Map<string, string>();
    for (const record of all) {
      const { window_to: _seen, ...change } = record;
      const text = JSON.stringify(change);
      expect(byKey.get(keyOf(record)) ?? text, keyOf(record)).toBe(text);
      byKey.set(keyOf(record), text);
    }
    expect(second.records.length + third.records.length).toBeLessThan(first.records.length / 4);
  });

  it("reads nothing, asks nothing and keeps the state for a cursor in the future", async () => {
    const state = { window_to: "2222-01-01T00:00:00.000Z" };
    const result = await read(runWith(), "incremental", state);
    expect(result.records).toEqual([]);
    expect(result.requests).toBe(0);
    expect(result.states).toEqual([state]);
  });

  it("reads from the start after a WARN when the saved state is not understood", async () => {
    const result = await read(runWith(), "incremental", { createdOn: "2026-03-01" });
    expect(result.logs).toEqual([expect.stringMatching(/^WARN time_off_changes: The saved state/)]);
    expect(keysOf(result.records)).toEqual(changeKeys(sixMonthsBefore(nowMs), nowMs));
    expect(result.states.at(-1)).toEqual({ window_to: new Date(nowMs).toISOString() });
  });

  it("reads from start_date again once after a createdOn cursor of an earlier version, which lost changes", async () => {
    const legacy = { createdOn: "2026-03-01T10:00:00.000000" };
    const result = await read(runWith({ start_date: "2025-12-01" }), "incremental", legacy);
    expect(result.logs).toEqual([
      expect.stringMatching(/^INFO time_off_changes: The saved cursor is a createdOn/),
    ]);
    expect(keysOf(result.records)).toEqual(changeKeys(Date.parse("2025-12-01T00:00:00Z"), nowMs));
    expect(result.records.some((r) => createdOn(r) < "2026-01-01")).toBe(true);
    expect(result.states.at(-1)).toEqual({ window_to: new Date(nowMs).toISOString() });
  });

  it("fails as a config error when the service user may not read time off (403)", async () => {
    const run = createRun(
      SourceConfig.parse({
        service_user_id: "no-time-off",
        service_user_token: "no-time-off-token",
        api_url: emulator.baseUrl,
      }),
      { now: () => nowMs },
    );
    const result = await read(run, "full_refresh");
    const error = result.messages.find((m) => m.type === "TRACE" && m.trace.type === "ERROR");
    expect(error?.type === "TRACE" && error.trace.error).toMatchObject({
      failure_type: "config_error",
      stream_descriptor: { name: "time_off_changes" },
    });
  });

  it("emits a change on the edge between two windows once, though both windows hold it", async () => {
    const edge = "2025-07-15T00:00:00.000000";
    const windows: string[] = [];
    const bob = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const since = url.searchParams.get("since") ?? "";
      const to = url.searchParams.get("to") ?? "";
      windows.push(`${since.slice(0, 10)}..${to.slice(0, 10)}`);
      const hit = Date.parse(since) <= Date.parse(`${edge}Z`) && Date.parse(`${edge}Z`) <= Date.parse(to);
      const change = { requestId: 9, changeType: "Created", createdOn: edge };
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ changes: hit ? [change] : [] }));
    });
    await new Promise<void>((resolve) => bob.listen(0, "127.0.0.1", resolve));
    const { port } = bob.address() as AddressInfo;
    try {
      const run = createRun(
        SourceConfig.parse({
          service_user_id: "emulator",
          service_user_token: "emulator-token",
          api_url: `http://127.0.0.1:${port}/v1`,
          start_date: "2025-01-15",
        }),
        { now: () => Date.parse(`${TODAY}T23:00:00Z`) },
      );
      const result = await read(run, "incremental");
      expect(windows).toEqual(["2025-01-15..2025-07-15", "2025-07-15..2026-01-15", "2026-01-15..2026-03-15"]);
      expect(result.records).toEqual([
        {
          requestId: 9,
          changeType: "Created",
          createdOn: edge,
          request_id: 9,
          change_type: "Created",
          window_to: "2025-07-15T00:00:00.000Z",
        },
      ]);
      expect(result.states).toEqual([
        { window_to: "2025-07-15T00:00:00.000Z" },
        { window_to: "2026-01-15T00:00:00.000Z" },
        { window_to: `${TODAY}T23:00:00.000Z` },
      ]);
    } finally {
      await new Promise<void>((resolve) =>
        bob.close(() => {
          resolve();
        }),
      );
    }
  });
});
