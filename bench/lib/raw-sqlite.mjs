// The raw SQLite baseline: the same messages file the destination reads, each RECORD turned into a learner row
// and inserted with one prepared statement, a transaction per 1,000 rows, into the learner directory's own
// schema with the destination's pragmas. No diffing, no validation, no course rules.
// argv: messages file, database path.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { migrate } from "../../dist/destination-learners/targets/sqlite-schema.js";

const [, , messagesFile, databasePath] = process.argv;
const db = new Database(databasePath);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("foreign_keys = ON");
migrate(db);
const insert = db.prepare(
  `INSERT INTO learners (external_id, email, first_name, last_name, display_name, title, department, location,
     start_date, phone, employment_type, manager_external_id, manager_name, manager_email, role, status,
     created_at, updated_at, archived_at)
   VALUES (@external_id, @email, @first_name, @last_name, @display_name, @title, @department, @location,
     @start_date, @phone, @employment_type, @manager_external_id, @manager_name, @manager_email, @role, @status,
     @now, @now, NULL)`,
);
const insertAll = db.transaction((rows) => {
  for (const row of rows) insert.run(row);
});

function row(data, now) {
  const work = data.work ?? {};
  const labels = data.humanReadable?.work ?? {};
  return {
    external_id: data.id,
    email: data.email,
    first_name: data.firstName ?? null,
    last_name: data.surname ?? null,
    display_name: data.displayName ?? null,
    title: labels.title ?? null,
    department: labels.department ?? null,
    location: work.site ?? null,
    start_date: work.startDate ?? null,
    phone: data.home?.mobilePhone ?? work.workMobile ?? null,
    employment_type: data.humanReadable?.payroll?.employment?.contract ?? null,
    manager_external_id: work.reportsTo?.id ?? null,
    manager_name: work.reportsTo?.displayName ?? null,
    manager_email: work.reportsTo?.email ?? null,
    role: work.isManager === true ? "supervisor" : "non-supervisor",
    status: "active",
    now,
  };
}

const now = new Date().toISOString();
let batch = [];
let inserted = 0;
for await (const line of createInterface({ input: createReadStream(messagesFile), crlfDelay: Infinity })) {
  const message = JSON.parse(line);
  if (message.type !== "RECORD") continue;
  batch.push(row(message.record.data, now));
  if (batch.length === 1000) {
    insertAll(batch);
    inserted += batch.length;
    batch = [];
  }
}
insertAll(batch);
inserted += batch.length;
db.close();
process.stdout.write(`inserted ${inserted}\n`);
