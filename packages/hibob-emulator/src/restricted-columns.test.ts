import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthHeader, type HibobEmulator, startHibobEmulator } from "./index.js";

let emulator: HibobEmulator;
beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 60,
    seed: 3,
    today: "2026-03-15",
    rateLimits: false,
    firewall: false,
    serviceUsers: [
      { id: "open", token: "t" },
      {
        id: "flp",
        token: "t",
        restrictedColumns: { work: { noView: ["department"], noViewHistory: ["title"] } },
      },
    ],
  });
});
afterAll(() => emulator.close());

interface Answer {
  status: number;
  header: string | null;
  body: Record<string, unknown>;
}

async function get(user: string, path: string): Promise<Answer> {
  const res = await fetch(`${emulator.baseUrl}${path}`, {
    headers: { Authorization: basicAuthHeader(user, "t") },
  });
  return {
    status: res.status,
    header: res.headers.get("x-has-restricted-columns"),
    body: (await res.json()) as Record<string, unknown>,
  };
}

type Row = Record<string, unknown>;
const rowsOf = (body: Record<string, unknown>): Row[] =>
  (body.results as { values: Row[] }[]).flatMap((result) => result.values);

describe("field-level permissions on table endpoints", () => {
  it("bulk: restricted columns come back null, listed in restricted_columns, with the header", async () => {
    const answer = await get("flp", "/bulk/people/work?limit=200&includeHumanReadable=true");
    expect(answer.status).toBe(200);
    expect(answer.header).toBe("true");
    expect(answer.body.restricted_columns).toEqual({
      no_view_permission: ["department"],
      no_view_history_permission: ["title"],
    });
    const rows = rowsOf(answer.body);
    expect(rows.every((row) => row.department === null)).toBe(true);
    expect(rows.filter((row) => row.isCurrent === false).every((row) => row.title === null)).toBe(true);
    expect(rows.some((row) => row.isCurrent === true && row.title !== null)).toBe(true);

    const open = await get("open", "/bulk/people/work?limit=200");
    expect(open.header).toBeNull();
    expect(open.body).not.toHaveProperty("restricted_columns");
    expect(rowsOf(open.body).some((row) => row.department !== null)).toBe(true);
  });

  it("per employee: the same, and nothing is reported for a table without restrictions", async () => {
    const someone = emulator.company.employees.find((e) => e.work.length > 1 && e.terminationDate === null);
    if (someone === undefined) throw new Error("no employee with work history");
    const work = await get("flp", `/people/${someone.id}/work`);
    expect(work.header).toBe("true");
    expect(work.body.restricted_columns).toEqual({
      no_view_permission: ["department"],
      no_view_history_permission: ["title"],
    });
    expect((work.body.values as Row[]).every((row) => row.department === null)).toBe(true);
    const lifecycle = await get("flp", `/people/${someone.id}/lifecycle`);
    expect(lifecycle.header).toBeNull();
    expect(lifecycle.body).not.toHaveProperty("restricted_columns");
  });
});
