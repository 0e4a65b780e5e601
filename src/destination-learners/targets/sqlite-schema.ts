import type { Database } from "better-sqlite3";

/**
 * The learner directory's schema, documented and stable for other tools: each entry migrates from the version
 * before it, and `schema_version` records how far a file has come.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE learners (
     external_id TEXT PRIMARY KEY,
     email TEXT NOT NULL,
     first_name TEXT, last_name TEXT, display_name TEXT, title TEXT, department TEXT, location TEXT,
     start_date TEXT, phone TEXT, employment_type TEXT,
     manager_external_id TEXT, manager_name TEXT, manager_email TEXT,
     role TEXT NOT NULL CHECK (role IN ('supervisor', 'non-supervisor')),
     status TEXT NOT NULL CHECK (status IN ('active', 'archived')),
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT
   );
   CREATE UNIQUE INDEX learners_email ON learners (email COLLATE NOCASE);
   CREATE TABLE course_assignments (
     external_id TEXT NOT NULL REFERENCES learners (external_id) ON UPDATE CASCADE,
     course TEXT NOT NULL,
     trigger_event TEXT NOT NULL,
     assigned_at TEXT NOT NULL,
     PRIMARY KEY (external_id, course)
   );
   CREATE TABLE notifications (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     external_id TEXT NOT NULL,
     email TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('new_learner', 'assignment')),
     course TEXT,
     created_at TEXT NOT NULL,
     sent_at TEXT
   );
   CREATE TABLE rejects (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     external_id TEXT,
     email TEXT,
     reason TEXT NOT NULL,
     record TEXT NOT NULL,
     at TEXT NOT NULL
   );`,
  // Which directory this file is, and how many write sessions it has seen: a runner that remembers both after a
  // sync can tell a replaced file (another id) or a restored backup (an older generation) from the one it synced.
  `CREATE TABLE directory (
     id TEXT NOT NULL,
     generation INTEGER NOT NULL
   );
   INSERT INTO directory (id, generation) VALUES (lower(hex(randomblob(16))), 0);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a file up to SCHEMA_VERSION; refuses a file written by a newer version rather than guess. */
export function migrate(db: Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  db.transaction(() => {
    const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
    const version = row?.version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `learner directory has schema version ${version}; this version knows ${SCHEMA_VERSION}`,
      );
    }
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql);
    if (row === undefined) db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
    else db.prepare("UPDATE schema_version SET version = ?").run(SCHEMA_VERSION);
  }).immediate();
}
