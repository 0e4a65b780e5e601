import Database, { type Statement } from "better-sqlite3";
import { existsSync } from "node:fs";
import { type Learner, LEARNER_FIELDS } from "../learner.js";
import type { Reject } from "../mapping.js";
import type { CurrentLearner, Plan } from "../plan/index.js";
import { applyLocally } from "./local-apply.js";
import { migrate } from "./sqlite-schema.js";
import type { ApplyResult, Target, TargetSnapshot } from "./target.js";

export interface SqliteTargetOptions {
  /** ISO timestamp source, injected for tests. */
  readonly now?: () => string;
}

/** The learner columns, in the order of the learner model. */
const COLUMNS = LEARNER_FIELDS;

type Row = Learner & { readonly created_at: string };
type Value = string | null;

/** The learner columns and the row's creation time, for a load. */
const SELECTED = `${COLUMNS.join(", ")}, created_at`;

/** A row as the planner sees it: ref = external id, with the time it was inserted. */
function toCurrent(row: Row): CurrentLearner {
  const { created_at, ...learner } = row;
  return { ref: learner.external_id, learner, created_at };
}

function columnValues(learner: Learner): Value[] {
  const values = new Array<Value>(COLUMNS.length);
  let index = 0;
  for (const column of COLUMNS) values[index++] = learner[column];
  return values;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes("learners.email") || message.includes("learners_email")) {
    return "email already belongs to another learner";
  }
  if (message.includes("learners.external_id")) return "a learner with this external id already exists";
  return message;
}

/**
 * The embedded learner directory. The learner's `ref` is its external id. Each `apply` is one transaction, so a
 * crash leaves either all of it or none; each record is one statement, which SQLite undoes alone when it fails
 * (ON CONFLICT ABORT), so a bad record is rejected alone without the cost of a savepoint per record.
 */
export function openSqliteTarget(path: string, options: SqliteTargetOptions = {}): Target {
  const now = options.now ?? (() => new Date().toISOString());
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // FULL: a committed transaction survives power loss, not just a process crash.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  // One more write session: a backup restored later holds an older generation than the runner remembers.
  db.prepare("UPDATE directory SET generation = generation + 1").run();

  // Positional parameters: binding by name looks every name up in the row object, which costs as much as the
  // insert itself at 100k rows. Values are the learner columns in COLUMNS order, then the timestamps.
  const slots = COLUMNS.map(() => "?").join(", ");
  const insert = db.prepare<Value[]>(
    `INSERT INTO learners (${COLUMNS.join(", ")}, created_at, updated_at, archived_at)
     VALUES (${slots}, ?, ?, CASE WHEN ? = 'archived' THEN ? END)`,
  );
  const update = db.prepare<Value[]>(
    `UPDATE learners SET ${COLUMNS.map((column) => `${column} = ?`).join(", ")}, updated_at = ?,
       archived_at = CASE WHEN ? = 'archived' THEN COALESCE(archived_at, ?) END
     WHERE external_id = ?`,
  );
  const insertRow = (learner: Learner, at: string): number =>
    insert.run(...columnValues(learner), at, at, learner.status, at).changes;
  const updateRow = (learner: Learner, at: string, ref: string): number =>
    update.run(...columnValues(learner), at, learner.status, at, ref).changes;
  const managerExists = db.prepare<[string], { found: number }>(
    "SELECT 1 AS found FROM learners WHERE external_id = ?",
  );
  const assign = db.prepare<[string, string, string, string]>(
    "INSERT OR IGNORE INTO course_assignments (external_id, course, trigger_event, assigned_at) VALUES (?, ?, ?, ?)",
  );
  const notify = db.prepare<[string, string, string, string | null, string]>(
    "INSERT INTO notifications (external_id, email, kind, course, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  const reject = db.prepare<[string | null, string | null, string, string, string]>(
    "INSERT INTO rejects (external_id, email, reason, record, at) VALUES (?, ?, ?, ?, ?)",
  );
  const selectLearners = db.prepare<[], Row>(`SELECT ${SELECTED} FROM learners`);
  const selectAssignments = db.prepare<[], { ref: string; course: string }>(
    "SELECT external_id AS ref, course FROM course_assignments",
  );

  const writeRejects = (rejects: readonly Reject[], at: string): void => {
    for (const entry of rejects) {
      reject.run(entry.external_id, entry.email, entry.reason, JSON.stringify(entry.record ?? null), at);
    }
  };

  /** One statement per record: null when it changed its row, else why it did not. */
  const whyNotWritten = (run: () => number): string | null => {
    try {
      return run() === 1 ? null : "learner is no longer in the directory";
    } catch (error) {
      // Errors such as SQLITE_FULL roll back the whole transaction: that is no longer one record's failure.
      if (!db.inTransaction) throw error;
      return describe(error);
    }
  };

  const applyPlan = db.transaction((plan: Plan): ApplyResult => {
    const at = now();
    const result = applyLocally(plan, {
      // The rows carry manager_external_id already; a link counts once its manager exists.
      write: (learner, ref) =>
        whyNotWritten(() => (ref === null ? insertRow(learner, at) : updateRow(learner, at, ref))),
      holds: (externalId) => managerExists.get(externalId) !== undefined,
      assign: (entry) => assign.run(entry.external_id, entry.course, entry.trigger, at).changes,
      notify: (entry) => {
        notify.run(
          entry.external_id,
          entry.email,
          entry.kind,
          entry.kind === "assignment" ? entry.course : null,
          at,
        );
      },
    });
    writeRejects(result.rejects, at);
    return result;
  });

  // Chunks keep each IN list under SQLite's bound-parameter limit. A chunk is padded (repeating its last key) to
  // a power of two, or to CHUNK, so a few cached statements serve every batch instead of one prepare per query.
  const CHUNK = 500;
  const statements = new Map<string, Statement<string[]>>();
  const inQuery = <T>(select: string, keys: readonly string[]): T[] => {
    const found: T[] = [];
    for (let start = 0; start < keys.length; start += CHUNK) {
      const chunk = keys.slice(start, start + CHUNK);
      const size = Math.min(CHUNK, 2 ** Math.ceil(Math.log2(chunk.length)));
      const last = chunk[chunk.length - 1] ?? "";
      while (chunk.length < size) chunk.push(last);
      const key = `${select}\u0000${String(size)}`;
      let statement = statements.get(key);
      if (statement === undefined) {
        statement = db.prepare<string[]>(`${select} IN (${chunk.map(() => "?").join(", ")})`);
        statements.set(key, statement);
      }
      found.push(...(statement.all(...chunk) as T[]));
    }
    return found;
  };
  const byKeys = (column: "external_id" | "email", keys: readonly string[]): Row[] =>
    inQuery<Row>(
      `SELECT ${SELECTED} FROM learners WHERE ${column}${column === "email" ? " COLLATE NOCASE" : ""}`,
      keys,
    );
  const assignmentsOf = (refs: readonly string[]): { ref: string; course: string }[] =>
    inQuery(`SELECT external_id AS ref, course FROM course_assignments WHERE external_id`, refs);

  return {
    loadMatching(externalIds, emails) {
      const rows = new Map<string, Row>();
      for (const row of [...byKeys("external_id", externalIds), ...byKeys("email", emails)]) {
        rows.set(row.external_id, row);
      }
      const learners = [...rows.values()].map(toCurrent);
      return Promise.resolve({ learners, assignments: assignmentsOf([...rows.keys()]) });
    },
    load(): Promise<TargetSnapshot> {
      const learners = selectLearners.all().map(toCurrent);
      return Promise.resolve({ learners, assignments: selectAssignments.all() });
    },
    apply(plan) {
      // The executor turns a thrown error (a failed commit) into a rejection.
      return new Promise((resolve) => {
        resolve(applyPlan.immediate(plan));
      });
    },
    recordRejects(rejects) {
      db.transaction(() => {
        writeRejects(rejects, now());
      }).immediate();
      return Promise.resolve();
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

/** Which learner directory a file is, and how many write sessions it has seen (see sqlite-schema.ts). */
export interface DirectoryMark {
  readonly id: string;
  readonly generation: number;
}

/**
 * The mark of the directory at `path`, read without writing; null when no directory is there (yet), or none that
 * can be read: a file that is not a learner directory is the destination's to report, with the fix.
 */
export function readDirectoryMark(path: string): DirectoryMark | null {
  if (!existsSync(path)) return null;
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'directory'").get();
    if (table === undefined) return null;
    return db.prepare<[], DirectoryMark>("SELECT id, generation FROM directory").get() ?? null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/**
 * What the directory at `path` holds, read without writing (dry run): an absent file is an empty directory and
 * stays absent. SQLite may still add its `-wal`/`-shm` side files next to a WAL-mode file it reads.
 */
export function readSqliteSnapshot(path: string): TargetSnapshot {
  if (!existsSync(path)) return { learners: [], assignments: [] };
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'learners'").get();
    if (table === undefined) return { learners: [], assignments: [] };
    const learners = db.prepare<[], Row>(`SELECT ${SELECTED} FROM learners`).all().map(toCurrent);
    const assignments = db
      .prepare<[], { ref: string; course: string }>(
        "SELECT external_id AS ref, course FROM course_assignments",
      )
      .all();
    return { learners, assignments };
  } finally {
    db.close();
  }
}
