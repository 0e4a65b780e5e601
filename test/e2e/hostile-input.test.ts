import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Employee, HibobEmulator } from "@hibob-learners/hibob-emulator";
import { readFile } from "node:fs/promises";
import { shownName } from "../../src/learner-events/index.js";
import { escapeHtml } from "../../src/runner/report-html.js";
import { type RunnerConnection, startRunnerConnection } from "../helpers/runner-connection.js";

// `hibob-learners sync` (the built bins) over Bob data made to hurt: an email carrying an escape sequence, a
// carriage return and a right-to-left override, a name carrying them and a line separator, a self-manager and a
// manager loop. The sync goes on; the terminal is sent nothing it would obey.

const TOKEN = "hostile-input-token-7d2a";
const HOSTILE = "\x1b[2J\r\u202e";
// What no line printed for a terminal may hold: controls other than the newline ending it, bidi and invisible
// formatting characters, line and paragraph separators.
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const unsafeLines = (text: string): string[] => text.split("\n").filter((line) => UNSAFE.test(line));
/** Bob's display name, which the learner's `display_name` and every report line use. */
const displayName = (e: Employee): string => `${e.preferredName ?? e.firstName} ${e.surname}`;

let connection: RunnerConnection;
let emulator: HibobEmulator;
let paths: RunnerConnection["paths"];

beforeAll(async () => {
  connection = await startRunnerConnection("hostile", { seed: 11, token: TOKEN });
  ({ emulator, paths } = connection);
});

afterAll(() => connection.close());

const sync = () => connection.sync();
const reportFile = (runId: string): string => `${paths.stateDir}/hostile/reports/${runId}.html`;

/** Changes an employee through the emulator's admin API, as an HR admin's edit in Bob. */
async function patch(e: Employee, body: Record<string, unknown>): Promise<void> {
  const answer = await fetch(`${emulator.adminUrl}/employees/${e.id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(answer.status, await answer.text()).toBe(200);
}

function learner(id: string): { first_name: string | null; manager_external_id: string | null } | undefined {
  const db = new Database(paths.db, { readonly: true });
  try {
    return db
      .prepare("SELECT first_name, manager_external_id FROM learners WHERE external_id = ?")
      .get(id) as { first_name: string | null; manager_external_id: string | null } | undefined;
  } finally {
    db.close();
  }
}

describe("hibob-learners sync over hostile Bob data", () => {
  it("prints nothing a terminal obeys, rejects the email no LMS takes, and writes loops without their last link", async () => {
    const first = await sync();
    expect(first.code, first.stderr).toBe(0);

    const { company } = emulator;
    const active = company.employees.filter(
      (e) => e.terminationDate === null && e.startDate <= company.today,
    );
    const [mailer, named, self, loopA, loopB] = active.slice(-5);
    if (!mailer || !named || !self || !loopA || !loopB) throw new Error("too few active employees");
    await patch(mailer, { email: `jane${HOSTILE}@acme.test` });
    await patch(self, { managerId: self.id });
    await patch(loopA, { managerId: loopB.id });
    await patch(loopB, { managerId: loopA.id });
    // Names have no admin route: the in-process company is Bob's data.
    named.firstName = `Mal\u2028lory${HOSTILE}`;
    named.preferredName = null;
    company.version++;

    const second = await sync();
    expect(second.code, second.stderr).toBe(0);
    expect(second.report.status).toBe("succeeded");
    expect(unsafeLines(second.stderr)).toEqual([]);
    expect(unsafeLines(second.stdout)).toEqual([]);

    // The email: one reject, named by name and id, its reason spelling the characters out; the sync went on.
    const reason =
      "email 'jane\\u001B[2J\\u000D\\u202E@acme.test' is not an address: it contains the control character U+001B";
    const mailerName = displayName(mailer);
    expect(second.report.rejects).toEqual([
      { employee_id: mailer.id, email: null, name: mailerName, reason },
    ]);
    expect(second.report.learners.rejected).toBe(1);
    expect(second.stderr).toContain(
      `destination-learners WARN Rejected ${shownName(mailerName)} (employee ${mailer.id}): ${reason}`,
    );

    // The name is Bob's data and is written as Bob holds it; what is printed names them with it, quoted, the
    // escape sequence, carriage return, bidi override and line separator spelled out.
    expect(learner(named.id)?.first_name).toBe(`Mal\u2028lory${HOSTILE}`);
    const hostileName = displayName(named);
    const change = second.report.changes.find((entry) => entry.employee_id === named.id);
    expect(change?.name).toBe(hostileName);
    // (The table clips a line at 100 columns: the email may not fit after so long a name.)
    const line = `  update learner ${shownName(hostileName)} `;
    expect(line).toContain('"Mal\\u2028lory\\u001B[2J\\u000D\\u202E ');
    expect(second.stdout).toContain(line);
    // The HTML report shows the same, and nothing a browser would reorder or break a line on.
    const html = await readFile(reportFile(second.report.run_id), "utf8");
    expect(html).toContain(`<td>update</td><td>${escapeHtml(shownName(hostileName))}</td>`);
    expect(html).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
    expect([html.includes("\x1b"), html.includes("\r")]).toEqual([false, false]);

    // The self-manager and the loop: written, without the link that closes each, with a warning naming them.
    expect(learner(self.id)?.manager_external_id).toBeNull();
    const [linkA, linkB] = [learner(loopA.id)?.manager_external_id, learner(loopB.id)?.manager_external_id];
    // Whichever came second in Bob's order closed the loop; the other keeps its manager.
    expect(linkA === null ? [linkA, linkB] : [linkB, linkA]).toEqual([
      null,
      linkA === null ? loopA.id : loopB.id,
    ]);
    const warnings = second.stderr.split("\n").filter((line) => line.includes("WARN Employee"));
    expect(warnings).toHaveLength(2);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `Employee ${self.id} <${self.email.toLowerCase()}>: Bob names them as their own`,
        ),
        expect.stringMatching(
          new RegExp(`loop \\(employee (${loopA.id}|${loopB.id}) .* → employee (${loopB.id}|${loopA.id}) `),
        ),
      ]),
    );
    expect(second.report.warnings).toHaveLength(2);

    // The next sync changes nothing and warns again: Bob still holds the loop.
    const third = await sync();
    expect(third.code, third.stderr).toBe(0);
    expect(third.report.learners).toMatchObject({ created: 0, updated: 0, archived: 0, rejected: 1 });
    expect(third.report.warnings).toHaveLength(2);
  });
});
