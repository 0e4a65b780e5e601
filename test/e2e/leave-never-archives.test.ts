import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteEmployee, startLeave, terminateEmployee } from "@hibob-learners/hibob-emulator";
import { lifecycleStatus } from "@hibob-learners/hibob-emulator";
import type { Employee, HibobEmulator } from "@hibob-learners/hibob-emulator";
import { startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { resolveServiceUser } from "@hibob-learners/hibob-emulator";
import type { SyncReport } from "../../src/runner/sync-report.js";
import { REPO_ROOT, runBin, runProcess } from "../helpers/spawn.js";

// People on leave can be Inactive (Bob's "remain active" is opt-in; garden leave turns inactive after the last
// working day), and "Access data for: Everyone" shows active people only. Such a person vanishes from the
// service user's view while still employed: `hibob-learners sync` must never archive their learner for it. Driven
// as a user runs it: the built bins, config files, a state directory, the embedded sqlite directory.

const USER = "leave-user";
const TOKEN = "leave-secret-token-3b9d";

let emulator: HibobEmulator;
let dir: string;
let paths: { source: string; destination: string; stateDir: string; db: string };

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, "dist/bin/hibob-learners.js"))) {
    const build = await runProcess("npm", ["run", "build"]);
    if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  }
  emulator = await startHibobEmulator({
    employees: 60,
    seed: 31,
    rateLimits: false,
    // Bob's default scope as documented: "Everyone", active people only.
    serviceUsers: [{ id: USER, token: TOKEN, scope: { activeOnly: true } }],
  });
  dir = await mkdtemp(join(tmpdir(), "leave-never-archives-"));
  paths = {
    source: join(dir, "bob.json"),
    destination: join(dir, "lms.json"),
    stateDir: join(dir, "state"),
    db: join(dir, "learners.db"),
  };
  await writeFile(
    paths.source,
    JSON.stringify({ service_user_id: USER, service_user_token: TOKEN, api_url: emulator.baseUrl }),
  );
  await writeFile(paths.destination, JSON.stringify({ target: { type: "sqlite", path: paths.db } }));
}, 120_000);

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

async function sync(): Promise<SyncReport> {
  const run = await runBin("hibob-learners", [
    "sync",
    ...["--source-config", paths.source, "--destination-config", paths.destination],
    ...["--state-dir", paths.stateDir, "--connection", "bob-to-lms"],
  ]);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  const history = (await readFile(join(paths.stateDir, "bob-to-lms", "runs.jsonl"), "utf8"))
    .trim()
    .split("\n");
  const { reports } = JSON.parse(history.at(-1) ?? "{}") as { reports: { json: string } };
  return JSON.parse(await readFile(reports.json, "utf8")) as SyncReport;
}

function learnerStatus(id: string): string | undefined {
  const db = new Database(paths.db, { readonly: true });
  try {
    const row = db.prepare("SELECT status FROM learners WHERE external_id = ?").get(id) as
      { status: string } | undefined;
    return row?.status;
  } finally {
    db.close();
  }
}

/** Employed, active people without reports, so a leave or a departure moves nobody else. */
function individuals(): Employee[] {
  const { company } = emulator;
  const managers = new Set(company.employees.flatMap((e) => e.work.map((row) => row.managerId)));
  return company.employees.filter(
    (e) =>
      lifecycleStatus(e, company.today) === "employed" && e.terminationDate === null && !managers.has(e.id),
  );
}

describe("leave never archives a learner, whatever the scope shows", () => {
  it("check warns that 'Access data for' hides inactive people, naming the fix", async () => {
    const run = await runBin("source-hibob", ["check", "--config", paths.source]);
    expect(run.code).toBe(0);
    const status = run.stdout
      .split("\n")
      .filter((line) => line.includes('"CONNECTION_STATUS"'))
      .map(
        (line) =>
          (JSON.parse(line) as { connectionStatus: { status: string; message?: string } }).connectionStatus,
      );
    expect(status).toEqual([
      { status: "SUCCEEDED", message: expect.stringContaining("inactive") as unknown },
    ]);
    expect(status[0]?.message).toContain("Access data for");
    expect(status[0]?.message).toContain("on leave");
    expect(status[0]?.message).toContain("no learner is archived as missing");
  });

  it("a person whose leave makes them Inactive, hidden by Everyone, keeps an active learner; so does a hidden leaver until the scope is widened", async () => {
    const [onLeave, leaver, deleted] = individuals();
    if (onLeave === undefined || leaver === undefined || deleted === undefined)
      throw new Error("no employed individuals");
    const first = await sync();
    expect(first.status).toBe("succeeded");
    for (const e of [onLeave, leaver, deleted]) expect(learnerStatus(e.id)).toBe("active");

    // Leave without "remain active": Inactive, so "Everyone" no longer shows them. A leaver vanishes the same way.
    startLeave(emulator.company, onLeave);
    terminateEmployee(emulator.company, leaver);
    const second = await sync();
    expect(second.status).toBe("succeeded");
    expect(learnerStatus(onLeave.id)).toBe("active");
    expect(learnerStatus(leaver.id)).toBe("active");
    expect(second.learners.archived).toBe(0);
    expect(second.warnings).toContainEqual(expect.stringMatching(/No learner was archived as missing/));
    expect(second.warnings).toContainEqual(expect.stringMatching(/Access data for/));

    // The admin follows the warning: "Access data for" by condition, inactive people included.
    emulator.state.users.set(
      USER,
      resolveServiceUser({ id: USER, token: TOKEN, scope: { terminated: true } }),
    );
    deleteEmployee(emulator.company, deleted);
    const third = await sync();
    expect(third.status).toBe("succeeded");
    expect(learnerStatus(onLeave.id)).toBe("active");
    expect(learnerStatus(leaver.id)).toBe("archived");
    // Absence proves something again: someone deleted from Bob is archived as missing.
    expect(learnerStatus(deleted.id)).toBe("archived");
    expect(third.warnings.filter((w) => w.includes("No learner was archived as missing"))).toEqual([]);
  });

  it("a scope that shows leavers but leaves out Leave proves nothing: a person on leave keeps an active learner", async () => {
    emulator.state.users.set(
      USER,
      resolveServiceUser({ id: USER, token: TOKEN, scope: { terminated: true, leave: false } }),
    );
    const [onLeave, deleted, leaver] = individuals();
    if (onLeave === undefined || deleted === undefined || leaver === undefined)
      throw new Error("no employed individuals");
    startLeave(emulator.company, onLeave);
    deleteEmployee(emulator.company, deleted);
    terminateEmployee(emulator.company, leaver);
    // Everyone else on leave vanishes too; no cap may be what keeps them.
    await writeFile(
      paths.destination,
      JSON.stringify({ target: { type: "sqlite", path: paths.db }, max_archive_percent: 100 }),
    );
    const report = await sync();
    expect(report.status).toBe("succeeded");
    expect(learnerStatus(onLeave.id)).toBe("active");
    // A deleted person vanishes exactly like one on leave, so neither is archived as missing...
    expect(learnerStatus(deleted.id)).toBe("active");
    // ...while a leaver the scope shows is archived through their Terminated status.
    expect(learnerStatus(leaver.id)).toBe("archived");
    expect(report.warnings).toContainEqual(expect.stringMatching(/No learner was archived as missing/));
    expect(report.warnings).toContainEqual(expect.stringMatching(/nobody on leave is visible/));
  });
});
