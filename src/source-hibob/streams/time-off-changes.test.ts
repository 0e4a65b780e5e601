import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream, type StreamRead } from "../../../test/helpers/read-source.js";
import { lifecycleStatus } from "../../emulators/hibob/employee.js";
import { ALL_PERMISSIONS, type HibobEmulator, startHibobEmulator } from "../../emulators/hibob/index.js";
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
      { id: "no-time-off", token: "t", permissions: ALL_PERMISSIONS.filter((p) => p !== "timeOff") },
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
const latest = (records: Record<string, unknown>[]): string =>
  records.map(createdOn).reduce((a, b) => (a > b ? a : b));

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
    expect(result.records.length).toBeGreaterThan(0);
    for (const record of result.records) expect(createdOn(record) >= "2025-09-15T23:00").toBe(true);
  });

  it("is described with its key, cursor and both sync modes", async () => {
    expect(await describeStream(timeOffChangesStream, runWith())).toMatchObject({
      source_defined_primary_key: [["request_id"], ["change_type"]],
      default_cursor_field: ["createdOn"],
      supported_sync_modes: ["full_refresh", "incremental"],
    });
  });

  it("checkpoints after each window, then reads only changes after the saved createdOn", async () => {
    const first = await read(runWith({ start_date: "2025-01-15" }), "incremental", undefined, 100);
    const max = latest(first.records);
    expect(first.states.at(-1)).toEqual({ createdOn: max });
    const cursors = first.states.map((s) => String(s.createdOn));
    expect(cursors.length).toBeGreaterThan(2);
    expect([...cursors].sort()).toEqual(cursors);
    expect(new Set(cursors).size).toBe(cursors.length);

    const day = emulator.passDays({ timeOffRequests: 10, updates: 0, hires: 0, terminations: 0 });
    nowMs += DAY_MS;
    const second = await read(runWith(), "incremental", { createdOn: max });
    expect(second.requests).toBe(1);
    expect(second.records.length).toBeGreaterThan(0);
    expect(second.records.length).toBeLessThanOrEqual(day.timeOffChanges);
    for (const record of second.records) expect(createdOn(record) > max).toBe(true);
    expect(second.states.at(-1)).toEqual({ createdOn: latest(second.records) });

    const third = await read(runWith(), "incremental", second.states.at(-1));
    expect(third.records).toEqual([]);
    expect(third.states).toEqual([second.states.at(-1)]);
  });

  it("reads nothing, asks nothing and keeps the state for a cursor in the future", async () => {
    const state = { createdOn: "2222-01-01T00:00:00.000000" };
    const result = await read(runWith(), "incremental", state);
    expect(result.records).toEqual([]);
    expect(result.requests).toBe(0);
    expect(result.states).toEqual([state]);
  });

  it("reads from the start after a WARN when the saved state is not understood", async () => {
    const result = await read(runWith(), "incremental", { createdOn: "2026-03-01" });
    expect(result.logs).toEqual([expect.stringMatching(/^WARN time_off_changes: The saved state/)]);
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.states.at(-1)).toEqual({ createdOn: latest(result.records) });
  });

  it("fails as a config error when the service user may not read time off (403)", async () => {
    const run = createRun(
      SourceConfig.parse({
        service_user_id: "no-time-off",
        service_user_token: "t",
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
        { now: () => nowMs },
      );
      const result = await read(run, "incremental");
      expect(windows).toEqual(["2025-01-15..2025-07-15", "2025-07-15..2026-01-15", "2026-01-15..2026-03-16"]);
      expect(result.records).toEqual([
        { requestId: 9, changeType: "Created", createdOn: edge, request_id: 9, change_type: "Created" },
      ]);
      expect(result.states).toEqual([{ createdOn: edge }]);
    } finally {
      await new Promise<void>((resolve) =>
        bob.close(() => {
          resolve();
        }),
      );
    }
  });
});
