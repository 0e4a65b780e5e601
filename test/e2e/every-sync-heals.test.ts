import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DestinationConfig } from "../../src/destination-learners/config.js";
import { openScimTarget } from "../../src/destination-learners/targets/scim.js";
import { hireEmployee, terminateEmployee } from "@hibob-learners/hibob-emulator";
import { addDays } from "@hibob-learners/hibob-emulator";
import type { Employee, HibobEmulator } from "@hibob-learners/hibob-emulator";
import { startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { createRandom } from "@hibob-learners/hibob-emulator";
import type { ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { SyncReport } from "../../src/runner/sync-report.js";
import type { Finished } from "../helpers/spawn.js";
import { runProcess } from "../helpers/spawn.js";
import { startRewritingProxy } from "../helpers/rewriting-proxy.js";

// Every sync heals: after any sync that succeeds, the learner directory is what a clean first sync of today's Bob
// with today's destination config gives, whatever came before. Each scenario runs `hibob-learners sync` as a user
// does (the built bins, a state directory on disk) and compares the directory with a clean sync's, made into a
// fresh directory through a fresh connection: an oracle that does not trust what the first syncs left.

const TOKEN = "heals-secret-token-7c1e";
const COURSE = "Security basics";
const SHIFTED_CLOCK = fileURLToPath(new URL("../helpers/shifted-clock.mjs", import.meta.url));

let dir: string;
let emulator: HibobEmulator;
let connections = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "every-sync-heals-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  emulator = await startHibobEmulator({
    employees: 60,
    seed: 23,
    rateLimits: false,
    serviceUsers: [{ id: "heals", token: TOKEN, scope: { terminated: true } }],
  });
  return () => emulator.close();
});

type Target = Record<string, unknown>;

/** One connection as a user keeps it: two config files, a state directory, named after the files. */
interface Connection {
  readonly folder: string;
  readonly source: string;
  readonly destination: string;
  readonly stateDir: string;
  /** The sqlite learner directory, when that is the target. */
  readonly db: string;
}

async function connection(target: "sqlite" | Target, settings: object = {}): Promise<Connection> {
  connections += 1;
  const folder = join(dir, `connection-${connections}`);
  await mkdir(folder, { recursive: true });
  const db = join(folder, "learners.db");
  const files: Connection = {
    folder,
    source: join(folder, "bob.json"),
    destination: join(folder, "lms.json"),
    stateDir: join(folder, "state"),
    db,
  };
  await writeFile(
    files.source,
    JSON.stringify({ service_user_id: "heals", service_user_token: TOKEN, api_url: emulator.baseUrl }),
  );
  await configure(files, target === "sqlite" ? { type: "sqlite", path: db } : target, settings);
  return files;
}

/** Rewrites the destination config in place, as an admin edits it between syncs. */
async function configure(files: Connection, target: Target, settings: object): Promise<void> {
  const config = { target, course_rules: [{ course: COURSE, when: "new_learner" }], ...settings };
  DestinationConfig.parse(config);
  await writeFile(files.destination, JSON.stringify(config));
}

interface Run extends Finished {
  readonly report: SyncReport;
}

/** `hibob-learners sync` with the connection's files; `days` later than now when given. */
async function sync(files: Connection, days = 0): Promise<Run> {
  const env = { ...process.env, NODE_OPTIONS: `--import=${SHIFTED_CLOCK}`, SHIFTED_CLOCK_DAYS: String(days) };
  const run = await runProcess(
    process.execPath,
    [
      "dist/bin/hibob-learners.js",
      "sync",
      ...["--source-config", files.source, "--destination-config", files.destination],
      ...["--state-dir", files.stateDir],
    ],
    "",
    env,
  );
  expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
  const history = (await readFile(join(files.stateDir, "bob-to-lms", "runs.jsonl"), "utf8"))
    .trim()
    .split("\n");
  const { reports } = JSON.parse(history.at(-1) ?? "{}") as { reports: { json: string } };
  const report = JSON.parse(await readFile(reports.json, "utf8")) as SyncReport;
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(report.status === "succeeded" ? 0 : 1);
  return { ...run, report };
}

async function succeeded(files: Connection, days = 0): Promise<Run> {
  const run = await sync(files, days);
  expect(run.report.failure).toBeNull();
  return run;
}

/** What a learner directory holds, in a form two directories can be compared in: active learners and courses. */
interface Directory {
  readonly active: readonly Record<string, unknown>[];
  readonly courses: readonly string[];
}

function sqliteDirectory(path: string): Directory {
  const db = new Database(path, { readonly: true });
  try {
    const active = db
      .prepare("SELECT * FROM learners WHERE status = 'active' ORDER BY external_id")
      .all()
      .map((row) => {
        const { created_at, updated_at, archived_at, ...learner } = row as Record<string, unknown>;
        return learner;
      });
    const courses = db
      .prepare(
        `SELECT c.external_id || ' ' || c.course AS course FROM course_assignments c
         JOIN learners l ON l.external_id = c.external_id WHERE l.status = 'active' ORDER BY 1`,
      )
      .all()
      .map((row) => (row as { course: string }).course);
    return { active, courses };
  } finally {
    db.close();
  }
}

async function scimDirectory(scim: ScimEmulator): Promise<Directory> {
  const target = openScimTarget({ type: "scim", base_url: scim.baseUrl, token: scim.token });
  const { learners, assignments } = await target.load();
  await target.close();
  const active = learners
    .filter((entry) => entry.learner.status === "active")
    .map((entry) => ({ ...entry.learner }))
    .sort((a, b) => String(a.external_id).localeCompare(String(b.external_id)));
  const ids = new Map(learners.map((entry) => [entry.ref, entry.learner.external_id]));
  const activeRefs = new Set(learners.filter((entry) => entry.learner.status === "active").map((e) => e.ref));
  const courses = assignments
    .filter((entry) => activeRefs.has(entry.ref))
    .map((entry) => `${String(ids.get(entry.ref))} ${entry.course}`)
    .sort();
  return { active, courses };
}

/** A clean first sync of today's Bob with this config, into a fresh directory through a fresh connection. */
async function cleanSqlite(settings: object = {}, days = 0): Promise<Directory> {
  const clean = await connection("sqlite", settings);
  await succeeded(clean, days);
  return sqliteDirectory(clean.db);
}

async function cleanScim(settings: object = {}): Promise<Directory> {
  const scim = await startScimEmulator({ mode: "strict" });
  try {
    await succeeded(await connection({ type: "scim", base_url: scim.baseUrl, token: scim.token }, settings));
    return await scimDirectory(scim);
  } finally {
    await scim.close();
  }
}

const activeEmployees = (): Employee[] =>
  emulator.company.employees.filter(
    (e) => e.terminationDate === null && e.startDate <= emulator.company.today,
  );

/** Gives `e` the email of `other`, as a typo in Bob does (the admin API refuses a taken email). */
function shareEmail(e: Employee, other: Employee): string {
  const own = e.email;
  e.email = other.email;
  emulator.company.version++;
  return own;
}

function restoreEmail(e: Employee, email: string): void {
  e.email = email;
  emulator.company.version++;
}

describe("every sync heals, into the embedded sqlite directory", () => {
  it("1. a preview (dry run) saves nothing and says so; the sync after it creates everyone", async () => {
    const files = await connection("sqlite", { dry_run: true });
    const preview = await succeeded(files);
    expect(existsSync(files.db)).toBe(false);
    const saved = (name: string) => existsSync(join(files.stateDir, "bob-to-lms", name));
    // Nothing to resume from, nothing bound: a preview leaves the connection as it found it.
    expect(["state.json", "directory.json", "rejects.json", "connection.json"].filter(saved)).toEqual([]);
    await configure(files, { type: "sqlite", path: files.db }, { dry_run: false });
    const real = await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());

    expect(preview.report.dry_run).toBe(true);
    expect(preview.report.learners.created).toBe(real.report.learners.created);
    expect(preview.report.learners.created).toBeGreaterThan(40);
    expect(preview.stdout).toMatch(/^Dry run bob-to-lms /m);
    expect(preview.stdout).toMatch(/would create \d+/);
    expect(preview.stdout).toContain("State: not saved");
    // The JSON report says so too, in its title and its counts' labels.
    const file = preview.report as unknown as { title: string; counts: Record<string, number> };
    expect(file.title).toMatch(/^Dry run bob-to-lms /);
    expect(file.counts["would create"]).toBe(real.report.learners.created);
    expect(real.report.dry_run).toBe(false);
  });

  it("2. a lost directory is repopulated, and a state copied into a new connection is not trusted", async () => {
    const files = await connection("sqlite");
    await succeeded(files);
    for (const suffix of ["", "-wal", "-shm"]) await rm(`${files.db}${suffix}`, { force: true });
    const after = await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());
    expect(after.report.warnings).toContainEqual(expect.stringMatching(/cannot be trusted: .* is gone/));

    // Another connection, handed this one's state: its own, empty directory is filled all the same.
    const copy = await connection("sqlite");
    await mkdir(join(copy.stateDir, "bob-to-lms"), { recursive: true });
    await copyFile(
      join(files.stateDir, "bob-to-lms", "state.json"),
      join(copy.stateDir, "bob-to-lms", "state.json"),
    );
    const copied = await succeeded(copy);
    expect(sqliteDirectory(copy.db)).toEqual(sqliteDirectory(files.db));
    expect(copied.report.warnings).toContainEqual(expect.stringMatching(/cannot be trusted/));
  });

  it("2b. a directory restored from last week's backup is brought up to today", async () => {
    const files = await connection("sqlite");
    await succeeded(files);
    const backup = join(files.folder, "backup.db");
    const db = new Database(files.db);
    await db.backup(backup);
    db.close();
    emulator.passDays({ days: 3, updates: 4, hires: 2, terminations: 2, rehires: 0, deletions: 0 });
    await succeeded(files);
    for (const suffix of ["-wal", "-shm"]) await rm(`${files.db}${suffix}`, { force: true });
    await copyFile(backup, files.db);
    const restored = await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());
    expect(restored.report.warnings).toContainEqual(expect.stringMatching(/restored from a backup/));
  });

  it("2c. an emptied directory is refilled; one replaced by another file is brought up to today", async () => {
    const files = await connection("sqlite");
    await succeeded(files);
    const db = new Database(files.db);
    db.exec("DELETE FROM course_assignments; DELETE FROM learners;");
    db.close();
    await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());

    // Another directory (another connection's, a day older) copied over this one.
    const other = await connection("sqlite");
    await succeeded(other);
    emulator.passDays({ updates: 5, hires: 2, terminations: 1, rehires: 0, deletions: 0 });
    await succeeded(files);
    for (const suffix of ["", "-wal", "-shm"]) await rm(`${files.db}${suffix}`, { force: true });
    const copy = new Database(other.db, { readonly: true });
    await copy.backup(files.db);
    copy.close();
    const replaced = await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());
    expect(replaced.report.warnings).toContainEqual(expect.stringMatching(/was replaced by another one/));
  });

  it("3. a widened filter brings in the people it used to leave out", async () => {
    const departments = new Map<string, number>();
    for (const learner of (await cleanSqlite()).active) {
      const department = String(learner.department);
      departments.set(department, (departments.get(department) ?? 0) + 1);
    }
    const [first, second] = [...departments].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    if (first === undefined || second === undefined) throw new Error("the company has one department");
    const files = await connection("sqlite", { include_departments: [first] });
    await succeeded(files);
    await configure(files, { type: "sqlite", path: files.db }, { include_departments: [first, second] });
    await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite({ include_departments: [first, second] }));
    await configure(files, { type: "sqlite", path: files.db }, {});
    await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());
  });

  it("3b. a field mapping, the new-hire window and a course for everyone, changed in the config, reach everyone", async () => {
    hireEmployee(emulator.company, createRandom(9), { startDate: addDays(emulator.company.today, 20) });
    const files = await connection("sqlite", { new_hire_days_before_start: 7 });
    await succeeded(files);
    const settings = {
      field_mapping: { phone: ["work.workMobile", "home.mobilePhone"], title: ["work.department"] },
      course_rules: [
        { course: COURSE, when: "new_learner" },
        { course: "Code of conduct", when: "every_learner" },
      ],
    };
    await configure(files, { type: "sqlite", path: files.db }, settings);
    await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite(settings));
  });

  it("4. a reject fixed at its cause is written: a shared email given back, an LMS learner removed", async () => {
    const [a, b, c] = activeEmployees();
    if (a === undefined || b === undefined || c === undefined) throw new Error("too few employees");
    const own = shareEmail(b, a);
    const files = await connection("sqlite");
    const first = await succeeded(files);
    expect(first.report.rejects.map((reject) => reject.employee_id).sort()).toEqual([a.id, b.id].sort());

    restoreEmail(b, own);
    const fixed = await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());
    expect(fixed.report.rejects).toEqual([]);
    expect(fixed.report.retried_rejects).toEqual({ retried: 2, resolved: 2, left_out: 0 });

    // A learner of nobody in Bob holds c's next email, so c's change is refused until that learner is removed.
    const next = `moved.${c.email}`;
    const db = new Database(files.db);
    db.prepare(
      `INSERT INTO learners (external_id, email, role, status, created_at, updated_at)
       VALUES ('made-by-hand', ?, 'non-supervisor', 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run(next);
    db.close();
    restoreEmail(c, next);
    const refused = await succeeded(files);
    expect(refused.report.rejects).toEqual([
      expect.objectContaining({
        employee_id: c.id,
        reason: expect.stringMatching(/already belongs/) as string,
      }),
    ]);
    const lms = new Database(files.db);
    lms.prepare("DELETE FROM learners WHERE external_id = 'made-by-hand'").run();
    lms.close();
    const healed = await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());
    expect(healed.report.retried_rejects).toEqual({ retried: 1, resolved: 1, left_out: 0 });
  });

  it("5. days passing: a hire enters the new-hire window, a scheduled termination takes effect", async () => {
    const rng = createRandom(5);
    const { today } = emulator.company;
    const hire = hireEmployee(emulator.company, rng, { startDate: addDays(today, 25) });
    const [leaver] = activeEmployees().filter((e) => e.id !== hire.id);
    if (leaver === undefined) throw new Error("no one to terminate");
    terminateEmployee(emulator.company, leaver, { date: addDays(today, 5) });
    const settings = { new_hire_days_before_start: 14 };
    const files = await connection("sqlite", settings);
    await succeeded(files);
    const ids = () => sqliteDirectory(files.db).active.map((learner) => learner.external_id);
    expect(ids()).not.toContain(hire.id);
    expect(ids()).toContain(leaver.id);

    // Twelve days on: Bob has applied the termination; the hire starts in 13 days, inside the window.
    emulator.passDays({
      days: 12,
      updates: 0,
      hires: 0,
      terminations: 0,
      rehires: 0,
      deletions: 0,
      emailChanges: 0,
    });
    await succeeded(files, 12);
    expect(ids()).toContain(hire.id);
    expect(ids()).not.toContain(leaver.id);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite(settings, 12));
  });

  it("6. a directory changed behind the sync's back is repaired: a field, a manager link, a course", async () => {
    const files = await connection("sqlite");
    await succeeded(files);
    const db = new Database(files.db);
    const [report] = db
      .prepare("SELECT external_id FROM learners WHERE manager_external_id IS NOT NULL LIMIT 1")
      .all() as { external_id: string }[];
    if (report === undefined) throw new Error("nobody has a manager");
    db.prepare("UPDATE learners SET title = 'Wrong', manager_external_id = NULL WHERE external_id = ?").run(
      report.external_id,
    );
    db.prepare("DELETE FROM course_assignments WHERE external_id = ?").run(report.external_id);
    db.close();
    await succeeded(files);
    expect(sqliteDirectory(files.db)).toEqual(await cleanSqlite());
  });
});

describe("every sync heals, into a SCIM server", () => {
  let scim: ScimEmulator;
  const target = (): Target => ({ type: "scim", base_url: scim.baseUrl, token: scim.token });
  beforeEach(async () => {
    scim = await startScimEmulator({ mode: "strict" });
    return () => scim.close();
  });

  it("1. a preview writes nothing to the LMS; the sync after it creates everyone", async () => {
    const files = await connection(target(), { dry_run: true });
    const preview = await succeeded(files);
    expect(scim.users.count()).toBe(0);
    expect(scim.requests().writes).toBe(0);
    await configure(files, target(), {});
    await succeeded(files);
    expect(await scimDirectory(scim)).toEqual(await cleanScim());
    expect(preview.report.dry_run).toBe(true);
  });

  it("4. a reject fixed at its cause is written: a shared email given back, an LMS user removed", async () => {
    const [a, b, c] = activeEmployees();
    if (a === undefined || b === undefined || c === undefined) throw new Error("too few employees");
    const own = shareEmail(b, a);
    // c's address is held by a user someone made in the LMS for another person.
    const stranger = scim.users.add({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: c.email,
      externalId: "someone-else",
    });
    const files = await connection(target());
    const first = await succeeded(files);
    expect(first.report.rejects.map((reject) => reject.employee_id).sort()).toEqual(
      [a.id, b.id, c.id].sort(),
    );

    restoreEmail(b, own);
    if (typeof stranger.id !== "string") throw new Error("the SCIM server gave the user no id");
    const answer = await fetch(`${scim.baseUrl}/Users/${stranger.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${scim.token}` },
    });
    expect(answer.status).toBe(204);
    const fixed = await succeeded(files);
    expect(await scimDirectory(scim)).toEqual(await cleanScim());
    expect(fixed.report.rejects).toEqual([]);
    expect(fixed.report.retried_rejects).toEqual({ retried: 3, resolved: 3, left_out: 0 });
  });

  it("6. a server whose create answers carry no id still gets every manager link and course", async () => {
    const origin = new URL(scim.baseUrl).origin;
    const proxy = await startRewritingProxy(origin, (method, path, status, body) =>
      method === "POST" && path.endsWith("/Users") && status === 201
        ? { ...(body as object), id: undefined }
        : undefined,
    );
    try {
      const odd = { ...target(), base_url: `${proxy.origin}${new URL(scim.baseUrl).pathname}` };
      const files = await connection(odd);
      const first = await succeeded(files);
      // Whatever the first sync could do, the next one leaves the LMS as a clean sync would.
      const again = await succeeded(files);
      expect(await scimDirectory(scim)).toEqual(await cleanScim());
      expect(first.report.rejects).toEqual([]);
      expect(again.report.changes).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
