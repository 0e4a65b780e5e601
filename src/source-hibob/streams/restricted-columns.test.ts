import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream } from "../../../test/helpers/read-source.js";
import { type HibobEmulator, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { resolveServiceUser } from "@hibob-learners/hibob-emulator";
import { SourceConfig } from "../config.js";
import { createRun, type HibobRun } from "../run.js";
import { HISTORY_PAGE_SIZE, historyStream } from "./history.js";
import { parseRestrictedColumns, restrictedColumnsWarning } from "./restricted-columns.js";

let emulator: HibobEmulator;
beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 300,
    seed: 7,
    today: "2026-03-15",
    rateLimits: false,
    firewall: false,
    serviceUsers: [
      { id: "open", token: "flp-test-token" },
      {
        id: "flp",
        token: "flp-test-token",
        restrictedColumns: {
          work: { noView: ["department", "reportsTo"], noViewHistory: ["title"] },
          employment: { noView: ["salaryPayType"] },
        },
      },
    ],
  });
});
afterAll(() => emulator.close());

function runAs(user: string): HibobRun {
  return createRun(
    SourceConfig.parse({
      service_user_id: user,
      service_user_token: "flp-test-token",
      api_url: emulator.baseUrl,
    }),
    { requestsPerMinute: 0 },
  );
}

const warnings = (logs: readonly string[]): string[] => logs.filter((line) => line.startsWith("WARN"));

describe("history streams under field-level permissions", () => {
  it("warn once per sync, naming each withheld column and the permission to grant, over many pages", async () => {
    const result = await readStream(historyStream("work"), runAs("flp"), "full_refresh");
    expect(result.records.length).toBeGreaterThan(HISTORY_PAGE_SIZE);
    expect(result.records.every((record) => record.department === null)).toBe(true);
    const [warning, ...more] = warnings(result.logs);
    expect(more).toEqual([]);
    expect(warning).toContain("work_history");
    expect(warning).toMatch(/department, reportsTo .*every row.*View permission/);
    expect(warning).toMatch(/title .*past rows.*View history/);
    expect(warning).toContain("People's fields");
    expect(warning).toContain("Work › department");
  });

  it("warn about the employment table's own columns, and not at all for a table without restrictions", async () => {
    const employment = await readStream(historyStream("employment"), runAs("flp"), "incremental");
    expect(warnings(employment.logs)).toEqual([expect.stringMatching(/salaryPayType/)]);
    const lifecycle = await readStream(historyStream("lifecycle"), runAs("flp"), "full_refresh");
    expect(warnings(lifecycle.logs)).toEqual([]);
    const open = await readStream(historyStream("work"), runAs("open"), "full_refresh");
    expect(warnings(open.logs)).toEqual([]);
  });

  it("an incremental pass remembers the withheld columns and reads every row again once one comes back", async () => {
    const stream = historyStream("work");
    const first = await readStream(stream, runAs("flp"), "incremental");
    expect(first.states.at(-1)).toMatchObject({ withheld: ["department", "reportsTo", "title"] });
    // Nothing granted: the next pass reads incrementally, as without field-level permissions.
    const again = await readStream(stream, runAs("flp"), "incremental", { state: first.states.at(-1) ?? {} });
    expect(again.records.length).toBeLessThan(first.records.length / 2);
    expect(warnings(again.logs)).toHaveLength(1);

    // The admin grants View for department only: the next pass sends every row, with its department.
    const partly = { work: { noView: ["reportsTo"], noViewHistory: ["title"] } };
    emulator.state.users.set(
      "flp",
      resolveServiceUser({ id: "flp", token: "flp-test-token", restrictedColumns: partly }),
    );
    const some = await readStream(stream, runAs("flp"), "incremental", { state: again.states.at(-1) ?? {} });
    expect(some.records).toHaveLength(first.records.length);
    expect(some.records.some((record) => record.department !== null)).toBe(true);
    expect(some.states.at(-1)).toMatchObject({ withheld: ["reportsTo", "title"] });

    // Then the rest: every row again, and from there on incremental reads with nothing withheld.
    emulator.state.users.set("flp", resolveServiceUser({ id: "flp", token: "flp-test-token" }));
    const all = await readStream(stream, runAs("flp"), "incremental", { state: some.states.at(-1) ?? {} });
    expect(all.records).toHaveLength(first.records.length);
    expect(warnings(all.logs)).toEqual([]);
    expect(all.states.at(-1)).not.toHaveProperty("withheld");
    const after = await readStream(stream, runAs("flp"), "incremental", { state: all.states.at(-1) ?? {} });
    expect(after.records.length).toBeLessThan(first.records.length / 2);
  });

  it("reads restricted_columns beside the results and inside each result, ignoring what it cannot read", () => {
    expect(
      parseRestrictedColumns({ no_view_permission: ["fte"], no_view_history_permission: ["contract"] }),
    ).toEqual({
      noView: ["fte"],
      noViewHistory: ["contract"],
    });
    expect(parseRestrictedColumns({ no_view_permission: "fte", other: [1] })).toEqual({
      noView: [],
      noViewHistory: [],
    });
    expect(parseRestrictedColumns(undefined)).toEqual({ noView: [], noViewHistory: [] });
    expect(restrictedColumnsWarning("lifecycle", { noView: new Set(), noViewHistory: new Set() })).toBeNull();
  });
});
