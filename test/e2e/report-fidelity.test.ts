import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Employee, HibobEmulator } from "@hibob-learners/hibob-emulator";
import { fieldList, shownName } from "../../src/learner-events/index.js";
import type { SyncReport } from "../../src/runner/sync-report.js";
import { type RunnerConnection, startRunnerConnection } from "../helpers/runner-connection.js";

// `hibob-learners sync` (the built bins, a sqlite directory, the Bob emulator) reports every learner change and
// reject the destination made, with the right ids, values and reasons, however hostile the values: the runner
// reads the destination's events, not its log text. Then the rejects of that sync are followed: one fixed in
// Bob is resolved, one whose employee left Bob is counted apart, never as resolved.

const TOKEN = "report-fidelity-token-4c1e";
// Values that read like the log's own punctuation, or break a line.
const BAD_EMAIL = 'jo>e"\n@acme.test';
const LMS_EMAIL = 'o>brien"x@acme.test';
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const unsafeLines = (text: string): string[] => text.split("\n").filter((line) => UNSAFE.test(line));

let connection: RunnerConnection;
let emulator: HibobEmulator;
let paths: RunnerConnection["paths"];

beforeAll(async () => {
  connection = await startRunnerConnection("fidelity", { seed: 23, token: TOKEN });
  ({ emulator, paths } = connection);
});

afterAll(() => connection.close());

async function sync() {
  const result = await connection.sync();
  expect(result.code, result.stderr).toBe(0);
  expect(result.report.status).toBe("succeeded");
  return result;
}

async function admin(method: string, e: Employee, body?: Record<string, unknown>): Promise<void> {
  const answer = await fetch(`${emulator.adminUrl}/employees/${e.id}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(answer.status, await answer.text()).toBeLessThan(300);
}

const openRejects = async (): Promise<{ employee_id: string }[]> =>
  JSON.parse(await readFile(join(paths.stateDir, "fidelity", "rejects.json"), "utf8")) as {
    employee_id: string;
  }[];

/** Changes of one action, as [employee id, email, detail], sorted. */
const listed = (report: SyncReport, action: string) =>
  report.changes
    .filter((change) => change.action === action)
    .map((change) => [change.employee_id, change.email, change.detail])
    .sort();

/** A learner's names as the directory holds them. */
function names(id: string): Record<string, string | null> {
  const db = new Database(paths.db, { readonly: true });
  try {
    return db
      .prepare("SELECT first_name, last_name, display_name FROM learners WHERE external_id = ?")
      .get(id) as Record<string, string | null>;
  } finally {
    db.close();
  }
}

/** The detail a report gives for a change of names, field by field in the learner's order. */
function namesDetail(before: Record<string, string | null>, after: Record<string, string | null>): string {
  return fieldList(
    ["first_name", "last_name", "display_name"]
      .filter((field) => before[field] !== after[field])
      .map((field) => ({ field, from: before[field] ?? null, to: after[field] ?? null })),
  );
}

/** Bob's display name: the learner's `display_name`, and the name every report line gives. */
const displayName = (e: Employee): string => `${e.preferredName ?? e.firstName} ${e.surname}`;

describe("the sync report of hostile values", () => {
  it("lists every change and reject with its id, values and reason, and its counts agree", async () => {
    const { company } = emulator;
    // People who manage nobody, so that changing them changes no one else's learner.
    const managers = new Set(company.employees.flatMap((e) => e.work.map((row) => row.managerId)));
    const candidates = company.employees.filter(
      (e) => e.terminationDate === null && e.startDate <= company.today && !managers.has(e.id),
    );
    const [first, last, mailerA, mailerB] = candidates.slice(-4);
    if (!first || !last || !mailerA || !mailerB) throw new Error("too few employees who manage nobody");
    // B's address is refused from the first sync on: B never gets a learner.
    await admin("PATCH", mailerB, { email: `b${BAD_EMAIL}` });
    const initial = await sync();
    expect(listed(initial.report, "create")).toHaveLength(initial.report.learners.created);
    expect(initial.report.rejects.map((entry) => entry.employee_id)).toEqual([mailerB.id]);

    const before = { first: names(first.id), last: names(last.id) };
    // Names have no admin route: the in-process company is Bob's data.
    first.firstName = 'Mal\u2028lo"ry>';
    first.preferredName = null;
    last.surname = 'O\'Brien\n"Jr" > <Sr>';
    company.version++;
    await admin("PATCH", mailerA, { email: BAD_EMAIL });
    // A learner someone made in the LMS, for nobody in Bob, with an address no Bob record could carry.
    const db = new Database(paths.db);
    db.prepare(
      `INSERT INTO learners (external_id, email, role, status, created_at, updated_at)
       VALUES ('lms 7', ?, 'non-supervisor', 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run(LMS_EMAIL);
    db.close();

    const { report, stdout, stderr } = await sync();
    const email = (e: Employee) => e.email.toLowerCase();
    expect(listed(report, "update")).toEqual(
      [
        [first.id, email(first), namesDetail(before.first, names(first.id))],
        [last.id, email(last), namesDetail(before.last, names(last.id))],
      ].sort(),
    );
    expect(names(first.id).first_name).toBe('Mal\u2028lo"ry>');
    // Each change names its learner as Bob has them now; the table quotes a name that could mislead.
    const named = (e: Employee) => report.changes.find((change) => change.employee_id === e.id)?.name;
    expect([named(first), named(last)]).toEqual([displayName(first), displayName(last)]);
    expect(shownName(displayName(first))).toMatch(/^"Mal\\u2028lo\\"ry> /);
    expect(stdout).toContain(`update learner ${shownName(displayName(first))} <${email(first)}>`);
    expect(stdout).toContain(`update learner ${shownName(displayName(last))} <${email(last)}>`);
    expect(listed(report, "archive")).toEqual([["lms 7", LMS_EMAIL, "missing"]]);
    expect(listed(report, "create")).toEqual([]);
    expect(report.changes_not_listed).toBe(0);

    const reason = (value: string) =>
      `email '${value.replace("\n", "\\u000A")}' is not an address: it contains the control character U+000A`;
    const byId = (a: { employee_id: string | null }, b: { employee_id: string | null }) =>
      (a.employee_id ?? "").localeCompare(b.employee_id ?? "");
    expect([...report.rejects].sort(byId)).toEqual(
      [
        { employee_id: mailerA.id, email: null, name: displayName(mailerA), reason: reason(BAD_EMAIL) },
        { employee_id: mailerB.id, email: null, name: displayName(mailerB), reason: reason(`b${BAD_EMAIL}`) },
      ].sort(byId),
    );
    // Counts and lists agree.
    expect(report.learners).toMatchObject({
      created: 0,
      updated: listed(report, "update").length,
      archived: listed(report, "archive").length,
      rejected: report.rejects.length,
    });
    // The terminal is sent nothing it would obey, whatever the values.
    expect(unsafeLines(stdout)).toEqual([]);
    expect(unsafeLines(stderr)).toEqual([]);
    // A learner with no name is named by its id and email.
    expect(stdout).toContain(`archive learner employee lms 7 <${LMS_EMAIL}>: missing`);
    expect((await openRejects()).map((entry) => entry.employee_id).sort()).toEqual(
      [mailerA.id, mailerB.id].sort(),
    );

    // A's address fixed in Bob; B gone from Bob, never written: one resolved, one left out.
    await admin("PATCH", mailerA, { email: `fixed.${mailerA.id}@acme.test` });
    await admin("DELETE", mailerB);
    const next = await sync();
    expect(next.report.rejects).toEqual([]);
    expect(next.report.retried_rejects).toEqual({ retried: 2, resolved: 1, left_out: 1 });
    expect(listed(next.report, "update").map(([id]) => id)).toEqual([mailerA.id]);
    expect(next.stdout).toContain(
      "Rejects of earlier syncs: 2 retried, 1 resolved, 1 left out (gone from Bob",
    );
    expect(await openRejects()).toEqual([]);
  });
});
