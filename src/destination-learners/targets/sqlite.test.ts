import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Learner } from "../learner.js";
import type { Plan, PlanOptions } from "../plan/index.js";
import { planChanges } from "../plan/index.js";
import { openSqliteTarget, readDirectoryMark, readSqliteSnapshot } from "./sqlite.js";
import { MIGRATIONS } from "./sqlite-schema.js";
import type { Target } from "./target.js";
import { learner } from "../../../test/fixtures/learner.js";

const OPTIONS: PlanOptions = {
  archive_terminated: true,
  archive_missing: true,
  max_archive_percent: 100,
  course_rules: [{ course: "onboarding", when: "new_learner" }],
  notify_new_learners: true,
};

let dir: string;
let path: string;
let target: Target;
let clock = 0;
const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "learners-"));
  path = join(dir, "learners.db");
  target = openSqliteTarget(path, { now });
});
afterEach(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sync(desired: readonly Learner[], options: Partial<PlanOptions> = {}) {
  const current = await target.load();
  const plan = planChanges(current.learners, desired, current.assignments, { ...OPTIONS, ...options });
  return { plan, result: await target.apply(plan) };
}

function rows<T>(sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

describe("sqlite target", () => {
  it("creates the documented schema, in WAL mode, at version 2", () => {
    const tables = rows<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        "course_assignments",
        "directory",
        "learners",
        "notifications",
        "rejects",
        "schema_version",
      ]),
    );
    const columns = rows<{ name: string }>("SELECT name FROM pragma_table_info('learners')").map(
      (c) => c.name,
    );
    expect(columns).toEqual([
      "external_id",
      "email",
      "first_name",
      "last_name",
      "display_name",
      "title",
      "department",
      "location",
      "start_date",
      "phone",
      "employment_type",
      "manager_external_id",
      "manager_name",
      "manager_email",
      "role",
      "status",
      "created_at",
      "updated_at",
      "archived_at",
    ]);
    expect(rows("SELECT version FROM schema_version")).toEqual([{ version: 2 }]);
    expect(rows("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
  });

  it("reopens an existing file without migrating twice", async () => {
    await sync([learner("1")]);
    await target.close();
    target = openSqliteTarget(path, { now });
    expect((await target.load()).learners.map((entry) => entry.ref)).toEqual(["1"]);
    expect(rows("SELECT version FROM schema_version")).toEqual([{ version: 2 }]);
  });

  it("marks the directory with an id of its own and counts its write sessions", async () => {
    const first = readDirectoryMark(path);
    expect(first).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/) as string, generation: 1 });
    await target.close();
    target = openSqliteTarget(path, { now });
    expect(readDirectoryMark(path)).toEqual({ id: first?.id, generation: 2 });
    expect(readDirectoryMark(join(dir, "absent.db"))).toBeNull();
    const notADirectory = join(dir, "notes.txt");
    writeFileSync(notADirectory, "not a database, but long enough to be read as one ".repeat(20));
    expect(readDirectoryMark(notADirectory)).toBeNull();

    const other = join(dir, "other.db");
    const second = openSqliteTarget(other, { now });
    await second.close();
    expect(readDirectoryMark(other)?.id).not.toBe(first?.id);
  });

  it("gives a version 1 file its mark when it migrates it", async () => {
    const old = join(dir, "v1.db");
    const db = new Database(old);
    db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);");
    db.exec(MIGRATIONS[0] ?? "");
    db.close();
    expect(readDirectoryMark(old)).toBeNull();
    const migrated = openSqliteTarget(old, { now });
    await migrated.close();
    expect(readDirectoryMark(old)?.generation).toBe(1);
  });

  it("round-trips learners, assignments and notifications; a second sync writes nothing", async () => {
    const desired = [learner("1", { manager_external_id: "2", manager_name: "P 2" }), learner("2")];
    const { result } = await sync(desired);
    expect(result).toMatchObject({ created: 2, managers_linked: 1, assigned: 2, notified: 4, rejects: [] });
    const loaded = await target.load();
    expect(loaded.learners.map((entry) => entry.learner)).toEqual(desired);
    expect(loaded.assignments).toEqual([
      { ref: "1", course: "onboarding" },
      { ref: "2", course: "onboarding" },
    ]);
    const again = await sync(desired);
    expect(again.plan.unchanged).toBe(2);
    expect(again.result).toMatchObject({ created: 0, updated: 0, assigned: 0, notified: 0 });
  });

  it("loads each learner's created_at, so a new_learner rule added days later reaches only recent learners", async () => {
    await sync([learner("1")], { course_rules: [] });
    const created = rows<{ created_at: string }>("SELECT created_at FROM learners")[0]?.created_at;
    expect((await target.load()).learners).toEqual([
      { ref: "1", learner: learner("1"), created_at: created },
    ]);
    expect((await target.loadMatching?.(["1"], []))?.learners[0]?.created_at).toBe(created);
    expect(readSqliteSnapshot(path).learners[0]?.created_at).toBe(created);

    const later = (days: number) => new Date(Date.parse(created ?? "") + days * 86_400_000).toISOString();
    expect((await sync([learner("1")], { now: later(30) })).plan.assignments).toEqual([]);
    const { result } = await sync([learner("1")], { now: later(2) });
    expect(result.assigned).toBe(1);
    expect(rows("SELECT external_id, course, trigger_event FROM course_assignments")).toEqual([
      { external_id: "1", course: "onboarding", trigger_event: "new_learner" },
    ]);
  });

  it("archives with archived_at and reactivates by clearing it", async () => {
    await sync([learner("1"), learner("2")]);
    await sync([learner("1", { status: "archived" }), learner("2")]);
    expect(
      rows("SELECT status, archived_at IS NOT NULL AS archived FROM learners WHERE external_id = '1'"),
    ).toEqual([{ status: "archived", archived: 1 }]);
    const { result } = await sync([learner("1"), learner("2")]);
    expect(result.reactivated).toBe(1);
    expect(rows("SELECT status, archived_at FROM learners WHERE external_id = '1'")).toEqual([
      { status: "active", archived_at: null },
    ]);
  });

  it("moves a rehire under a new Bob id onto the archived learner, assignments included", async () => {
    await sync([learner("1", { email: "jane@acme.test" })]);
    await sync([learner("1", { email: "jane@acme.test", status: "archived" })]);
    const { result } = await sync([learner("9", { email: "Jane@acme.test".toLowerCase() })]);
    expect(result.reactivated).toBe(1);
    expect(rows("SELECT external_id, status FROM learners")).toEqual([
      { external_id: "9", status: "active" },
    ]);
    expect(rows("SELECT external_id, course FROM course_assignments")).toEqual([
      { external_id: "9", course: "onboarding" },
    ]);
  });

  it("rejects one conflicting record, keeps it with its reason, and commits the rest", async () => {
    await sync([learner("1", { email: "jane@acme.test" })]);
    // A plan made elsewhere can still collide: the unique index is case-insensitive.
    const plan: Plan = {
      ...planChanges([], [learner("2"), learner("3")], [], OPTIONS),
    };
    const collide = { ...plan, creates: [learner("2", { email: "JANE@acme.test" }), learner("3")] };
    const result = await target.apply(collide);
    expect(result.created).toBe(1);
    expect(result.rejects).toMatchObject([
      { external_id: "2", reason: "email already belongs to another learner" },
    ]);
    expect(rows("SELECT external_id FROM learners ORDER BY external_id")).toEqual([
      { external_id: "1" },
      { external_id: "3" },
    ]);
    // The rejected learner gets no assignment or notification.
    expect(rows("SELECT external_id FROM course_assignments WHERE external_id = '2'")).toEqual([]);
    const stored = rows<{ external_id: string; reason: string; record: string }>(
      "SELECT external_id, reason, record FROM rejects",
    );
    expect(stored).toMatchObject([{ external_id: "2", reason: "email already belongs to another learner" }]);
    expect(JSON.parse(stored[0]?.record ?? "null")).toMatchObject({ email: "JANE@acme.test" });
  });

  it("loads only the learners matching given ids or emails (case-insensitive), with their assignments", async () => {
    await sync([learner("1"), learner("2"), learner("3")]);
    const found = await target.loadMatching?.(["1", "9"], ["P3@ACME.test"]);
    expect(found?.learners.map((entry) => entry.ref).sort()).toEqual(["1", "3"]);
    expect(found?.assignments.map((entry) => entry.ref).sort()).toEqual(["1", "3"]);
  });

  it("loads matching learners across several IN chunks of any size", async () => {
    await sync(Array.from({ length: 1_203 }, (_, index) => learner(String(index))));
    const ids = Array.from({ length: 1_103 }, (_, index) => String(index + 100));
    const emails = ["P1@acme.test", "P2@ACME.test", "nobody@acme.test"];
    const found = await target.loadMatching?.(ids, emails);
    const refs = found?.learners.map((entry) => entry.ref) ?? [];
    expect(refs).toHaveLength(1_103 + 2);
    expect(new Set(refs)).toEqual(new Set([...ids, "1", "2"]));
    expect(found?.assignments).toHaveLength(1_105);
  });

  it("records rejects found before planning", async () => {
    await target.recordRejects([
      { external_id: "7", email: null, reason: "employee has no email", record: { id: "7" } },
    ]);
    expect(rows("SELECT external_id, email, reason, record FROM rejects")).toEqual([
      { external_id: "7", email: null, reason: "employee has no email", record: '{"id":"7"}' },
    ]);
  });

  it("commits a batch entirely or not at all when apply fails midway", async () => {
    const plan = planChanges([], [learner("1"), learner("2")], [], OPTIONS);
    const failing = Object.defineProperty<Plan>({ ...plan }, "notifications", {
      get() {
        throw new Error("disk gone");
      },
    });
    await expect(target.apply(failing)).rejects.toThrow("disk gone");
    expect(rows("SELECT count(*) AS n FROM learners")).toEqual([{ n: 0 }]);
    expect(rows("SELECT count(*) AS n FROM course_assignments")).toEqual([{ n: 0 }]);
  });

  it("loses the whole batch, and nothing else, when the process is killed mid-apply", async () => {
    await sync([learner("0")]);
    await target.close();
    const script = join(dir, "crash.mts");
    const sqlite = fileURLToPath(new URL("./sqlite.js", import.meta.url)).replace(/\.js$/, ".ts");
    const plans = fileURLToPath(new URL("../plan/index.js", import.meta.url)).replace(/\.js$/, ".ts");
    writeFileSync(
      script,
      `import { openSqliteTarget } from ${JSON.stringify(sqlite)};
       import { planChanges } from ${JSON.stringify(plans)};
       const target = openSqliteTarget(${JSON.stringify(path)});
       const desired = Array.from({ length: 500 }, (_, i) => ({ ...${JSON.stringify(learner("x"))},
         external_id: "n" + i, email: "n" + i + "@acme.test" }));
       const plan = planChanges([], desired, [], ${JSON.stringify(OPTIONS)});
       // Learners are written by now; die before the transaction commits.
       Object.defineProperty(plan, "notifications", { get() { process.kill(process.pid, "SIGKILL"); return []; } });
       await target.apply(plan);`,
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.signal).toBe("SIGKILL");
    target = openSqliteTarget(path, { now });
    expect((await target.load()).learners.map((entry) => entry.ref)).toEqual(["0"]);
  });

  // Its speed is measured by the benchmarks, as a ratio; here only that a large batch lands whole.
  it("creates and then updates 10,000 learners in one sync each", async () => {
    const desired = Array.from({ length: 10_000 }, (_, index) => learner(String(index)));
    const { result } = await sync(desired);
    const second = await sync(desired.map((entry) => ({ ...entry, title: "Lead" })));
    expect(result.created).toBe(10_000);
    expect(second.result.updated).toBe(10_000);
    expect(rows("SELECT count(*) AS n FROM learners WHERE title = 'Lead'")).toEqual([{ n: 10_000 }]);
  });
});
