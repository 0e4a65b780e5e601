import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream, type StreamRead } from "../../../test/helpers/read-source.js";
import { lifecycleStatus } from "@hibob-learners/hibob-emulator";
import { type HibobEmulator, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { describeStream, type SourceStream, type SyncMode } from "../../protocol/index.js";
import { SourceConfig } from "../config.js";
import { createRun, type HibobRun } from "../run.js";
import { addDays } from "../../shared/calendar-date.js";
import { HISTORY_PAGE_SIZE, historyStream, workHistoryStream } from "./history.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const TODAY = "2026-03-15";

let emulator: HibobEmulator;
beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 300,
    seed: 7,
    today: TODAY,
    rateLimits: false,
    firewall: false,
  });
});
afterAll(() => emulator.close());

function runFor(apiUrl: string, lookbackDays = 0): HibobRun {
  return createRun(
    SourceConfig.parse({
      service_user_id: "emulator",
      service_user_token: "emulator-token",
      api_url: apiUrl,
      lookback_days: lookbackDays,
    }),
  );
}

function read(
  stream: SourceStream<HibobRun>,
  run: HibobRun,
  syncMode: SyncMode,
  state?: Record<string, unknown>,
  checkpointInterval?: number,
): Promise<StreamRead> {
  return readStream(stream, run, syncMode, {
    ...(state === undefined ? {} : { state }),
    ...(checkpointInterval === undefined ? {} : { checkpointInterval }),
  });
}

const keyOf = (r: Record<string, unknown>): string => `${String(r.employee_id)}/${String(r.id)}`;

function visibleRowCount(table: "work" | "employment" | "lifecycle"): number {
  const company = emulator.company;
  return company.employees
    .filter((e) => lifecycleStatus(e, company.today) !== "terminated")
    .reduce((sum, e) => sum + e[table].length, 0);
}

function statusOf(result: StreamRead): string | undefined {
  const last = result.messages.filter((m) => m.type === "TRACE" && m.trace.stream_status).at(-1);
  return last?.type === "TRACE" ? last.trace.stream_status?.status : undefined;
}

describe("history streams on the emulator", () => {
  it.each(["work", "employment", "lifecycle"] as const)(
    "%s_history: every visible row once, across several pages, valid against its schema",
    async (table) => {
      const stream = historyStream(table);
      const before = emulator.state.stats.requests;
      const result = await read(stream, runFor(emulator.baseUrl), "full_refresh");
      const expected = visibleRowCount(table);
      expect(expected).toBeGreaterThan(HISTORY_PAGE_SIZE);
      expect(result.records).toHaveLength(expected);
      expect(new Set(result.records.map(keyOf)).size).toBe(expected);
      expect(emulator.state.stats.requests - before).toBe(Math.ceil(expected / HISTORY_PAGE_SIZE));

      const validate = addFormats(new Ajv({ strict: false })).compile(
        await stream.jsonSchema(runFor(emulator.baseUrl)),
      );
      for (const record of result.records) {
        expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
        expect(record.id).toMatch(/^\d+$/);
        expect(record.employee_id).toMatch(/^\d{19}$/);
      }
      expect(result.states).toEqual([{ __ab_no_cursor_state_message: true }]);
    },
  );

  it("is described with its key, cursor and both sync modes", async () => {
    expect(await describeStream(workHistoryStream, runFor(emulator.baseUrl))).toMatchObject({
      name: "work_history",
      supported_sync_modes: ["full_refresh", "incremental"],
      source_defined_primary_key: [["employee_id"], ["id"]],
      source_defined_cursor: true,
      default_cursor_field: ["modificationDate"],
      is_resumable: true,
    });
  });

  it("reads incrementally: after a day passes only rows modified since (and within the lookback) return", async () => {
    const local = await startHibobEmulator({
      employees: 300,
      seed: 11,
      today: TODAY,
      rateLimits: false,
      firewall: false,
    });
    try {
      const first = await read(workHistoryStream, runFor(local.baseUrl), "incremental");
      const saved = first.states.at(-1);
      const max = first.records.map((r) => String(r.modificationDate)).reduce((a, b) => (a > b ? a : b));
      expect(saved).toEqual({ modificationDate: max });

      const day = local.passDays({ updates: 15, hires: 2, terminations: 0 });
      const second = await read(workHistoryStream, runFor(local.baseUrl, 0), "incremental", saved);
      expect(second.records.length).toBeGreaterThan(0);
      expect(second.records.length).toBeLessThan(first.records.length / 5);
      for (const record of second.records) expect(String(record.modificationDate) >= max).toBe(true);
      const changed = new Set(second.records.map((r) => r.employee_id));
      const moved = day.updated.filter((u) => u.change !== "phone");
      expect(moved.length).toBeGreaterThan(0);
      for (const { id } of moved) expect(changed.has(id)).toBe(true);
      expect(second.states.at(-1)).toEqual({ modificationDate: day.today });

      const lookback = await read(workHistoryStream, runFor(local.baseUrl, 30), "incremental", saved);
      const floor = addDays(max, -30);
      expect(lookback.records.length).toBeGreaterThan(second.records.length);
      for (const record of lookback.records) expect(String(record.modificationDate) >= floor).toBe(true);
      expect(lookback.records.some((r) => String(r.modificationDate) < max)).toBe(true);
    } finally {
      await local.close();
    }
  });

  it("checkpoints mid-pass with the page cursor, and resumes from such a state at that page", async () => {
    const run = runFor(emulator.baseUrl);
    const full = await read(workHistoryStream, run, "incremental", undefined, 60);
    // On the first page there is no cursor to resume at: those checkpoints carry the saved cursor only.
    expect(full.states[0]).toEqual({ modificationDate: null });
    const midPass = full.states.filter((s) => "resume" in s);
    expect(midPass.length).toBeGreaterThan(0);
    for (const state of midPass) expect(state).toMatchObject({ modificationDate: null });
    const resumeState = midPass.at(-1) ?? {};

    const resumed = await read(workHistoryStream, run, "incremental", resumeState);
    expect(resumed.records.length).toBeGreaterThan(0);
    expect(resumed.records.length).toBeLessThan(full.records.length);
    // The tail of the first pass comes again; nothing new appears.
    const firstKeys = full.records.map(keyOf);
    expect(firstKeys.slice(-resumed.records.length)).toEqual(resumed.records.map(keyOf));
    expect(resumed.states.at(-1)).toEqual(full.states.at(-1));
    expect(resumed.logs).toEqual([]);
  });

  it("restarts from the first page with a WARN when Bob refuses the saved page cursor", async () => {
    const result = await read(workHistoryStream, runFor(emulator.baseUrl), "incremental", {
      modificationDate: null,
      resume: { cursor: "expired-cursor", max: null },
    });
    expect(result.records).toHaveLength(visibleRowCount("work"));
    expect(result.logs).toEqual([
      expect.stringMatching(/^WARN work_history: Bob refused the saved page cursor/),
    ]);
    expect(statusOf(result)).toBe("COMPLETE");
  });

  it.each([[{ modificationDate: "last tuesday" }], [{ resume: { cursor: "x" } }]])(
    "reads everything after a WARN when the saved state is %j",
    async (state) => {
      const result = await read(workHistoryStream, runFor(emulator.baseUrl), "incremental", state);
      expect(result.records).toHaveLength(visibleRowCount("work"));
      expect(result.logs).toEqual([expect.stringMatching(/^WARN work_history: The saved state/)]);
    },
  );

  it("emits nothing and keeps the state for a cursor in the future", async () => {
    const result = await read(workHistoryStream, runFor(emulator.baseUrl, 1), "incremental", {
      modificationDate: "2222-01-01",
    });
    expect(result.records).toEqual([]);
    expect(result.states).toEqual([{ modificationDate: "2222-01-01" }]);
  });
});

/** A loopback Bob serving `pages[cursor ?? ""]` for the bulk endpoint; it remembers the cursors asked for. */
async function fakeBob(pages: Record<string, string>) {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const cursor = url.searchParams.get("cursor") ?? "";
    asked.push(`${url.pathname} limit=${url.searchParams.get("limit") ?? ""} cursor=${cursor}`);
    const body = pages[cursor];
    if (body === undefined) {
      res.writeHead(400, { "Content-Type": "application/json" }).end('{"error":"Invalid cursor"}');
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    asked,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

const row = (id: number | string, modificationDate: string | null) =>
  `{"id":${typeof id === "number" ? String(id) : id},"effectiveDate":"2026-01-01","modificationDate":${modificationDate === null ? "null" : `"${modificationDate}"`}}`;

describe("history streams against Bob's other shapes", () => {
  it("accepts wrapped rows and the `cursor` fallback, counts permission gaps once, and files null dates", async () => {
    const denied = (id: string) =>
      `{"employeeId":{"error":"MISSING_PERMISSION","message":"no access to ${id}"}}`;
    const bob = await fakeBob({
      "": `{"results":[{"employeeId":"1","values":[{"values":[${row(10, "2026-01-05")},${row(11, null)}]}]}],
            "response_metadata":{"cursor":"p2"},"errors":[${denied("7")},${denied("8")}]}`,
      p2: `{"results":[{"employeeId":"2","values":[${row(10, "2026-02-01")}]}],
            "response_metadata":{"next_cursor":null,"cursor":"p2"},"errors":[${denied("8")},${denied("9")}]}`,
    });
    try {
      const first = await read(workHistoryStream, runFor(bob.url), "incremental");
      expect(first.records).toEqual([
        { employee_id: "1", id: "10", effectiveDate: "2026-01-01", modificationDate: "2026-01-05" },
        { employee_id: "1", id: "11", effectiveDate: "2026-01-01", modificationDate: null },
        { employee_id: "2", id: "10", effectiveDate: "2026-01-01", modificationDate: "2026-02-01" },
      ]);
      expect(bob.asked).toEqual([
        "/v1/bulk/people/work limit=200 cursor=",
        "/v1/bulk/people/work limit=200 cursor=p2",
      ]);
      expect(first.logs).toHaveLength(1);
      expect(first.logs[0]).toMatch(
        /^WARN work_history: .* 3 employees .*"Access data for".*section histories/,
      );
      expect(first.states).toEqual([{ modificationDate: "2026-02-01" }]);

      const again = await read(workHistoryStream, runFor(bob.url, 30), "incremental", {
        modificationDate: "2026-02-01",
      });
      expect(again.records.map(keyOf)).toEqual(["1/10", "2/10"]);
    } finally {
      await bob.close();
    }
  });

  it("stops with a system error when Bob hands out the same cursor twice", async () => {
    const bob = await fakeBob({
      "": `{"results":[{"employeeId":"1","values":[${row(1, "2026-01-01")}]}],"response_metadata":{"next_cursor":"a"}}`,
      a: `{"results":[],"response_metadata":{"next_cursor":"b"}}`,
      b: `{"results":[],"response_metadata":{"next_cursor":"a"}}`,
    });
    try {
      const result = await read(workHistoryStream, runFor(bob.url), "full_refresh");
      expect(statusOf(result)).toBe("INCOMPLETE");
      const error = result.messages.find((m) => m.type === "TRACE" && m.trace.type === "ERROR");
      expect(error?.type === "TRACE" && error.trace.error).toMatchObject({
        failure_type: "system_error",
        message: expect.stringMatching(/same page cursor twice/),
      });
      expect(bob.asked).toHaveLength(3);
    } finally {
      await bob.close();
    }
  });

  it("refuses a row id too large to have survived JSON parsing", async () => {
    const bob = await fakeBob({
      "": `{"results":[{"employeeId":"1","values":[${row("12345678901234567891", "2026-01-01")}]}]}`,
    });
    try {
      const result = await read(workHistoryStream, runFor(bob.url), "full_refresh");
      expect(result.records).toEqual([]);
      const error = result.messages.find((m) => m.type === "TRACE" && m.trace.type === "ERROR");
      expect(error?.type === "TRACE" && error.trace.error).toMatchObject({
        failure_type: "system_error",
        message: expect.stringMatching(/too large/),
      });
    } finally {
      await bob.close();
    }
  });
});
