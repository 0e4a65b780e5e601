// The learner directory a sync should leave, derived from the HiBob emulator's company (its employees' current
// rows) and never from the connectors' code: a mapping or planning bug cannot bless itself.
import Database from "better-sqlite3";
import { currentRow } from "@hibob-learners/hibob-emulator";
import type { Company, Employee } from "@hibob-learners/hibob-emulator";
import { listLabel } from "@hibob-learners/hibob-emulator";
import { SITES } from "@hibob-learners/hibob-emulator";

/** The columns of a sqlite learner that follow from Bob's data (ids and timestamps of the directory left out). */
export interface DirectoryLearner {
  readonly external_id: string;
  readonly email: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly display_name: string | null;
  readonly department: string | null;
  readonly location: string | null;
  readonly start_date: string | null;
  readonly manager_external_id: string | null;
  readonly role: string;
  readonly status: string;
}

const COLUMNS =
  "external_id, email, first_name, last_name, display_name, department, location, start_date, " +
  "manager_external_id, role, status";

/** Every learner of a sqlite learner directory, by external id. */
export function readDirectory(path: string): Map<string, DirectoryLearner> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT ${COLUMNS} FROM learners`).all() as DirectoryLearner[];
    return new Map(rows.map((row) => [row.external_id, row]));
  } finally {
    db.close();
  }
}

const isLeaver = (company: Company, e: Employee): boolean =>
  currentRow(e.lifecycle, company.today).status === "terminated";

/** The learner an active employee should be, from the model's current work row (default field mapping). */
export function learnerOf(company: Company, e: Employee): DirectoryLearner {
  const work = currentRow(e.work, company.today);
  const reports = company.employees.some(
    (other) => !isLeaver(company, other) && currentRow(other.work, company.today).managerId === e.id,
  );
  return {
    external_id: e.id,
    email: e.email.trim().toLowerCase(),
    first_name: e.firstName,
    last_name: e.surname,
    display_name: `${e.preferredName ?? e.firstName} ${e.surname}`,
    department: work.department === null ? null : (listLabel("department", work.department) ?? null),
    location: SITES.find((site) => site.id === work.siteId)?.name ?? null,
    start_date: e.startDate,
    manager_external_id: work.managerId,
    role: reports ? "supervisor" : "non-supervisor",
    status: isLeaver(company, e) ? "archived" : "active",
  };
}

/**
 * Where a directory differs from the company (empty when it agrees), for a service user who sees everyone:
 * every employee still working is an active learner with its current data; a leaver is archived or was never
 * a learner; a learner whose employee is gone from Bob is archived. `rejected` employees (the report's
 * rejects) may be missing. At most `limit` lines.
 */
export function directoryProblems(
  company: Company,
  directory: ReadonlyMap<string, DirectoryLearner>,
  rejected: ReadonlySet<string> = new Set(),
  limit = 10,
): string[] {
  const problems: string[] = [];
  for (const e of company.employees) {
    const held = directory.get(e.id);
    const want = learnerOf(company, e);
    if (want.status === "archived") {
      if (held !== undefined && held.status !== "archived")
        problems.push(`leaver ${e.id} is an ${held.status} learner`);
      continue;
    }
    if (held === undefined) {
      if (!rejected.has(e.id)) problems.push(`employee ${e.id} (${e.email}) has no learner`);
      continue;
    }
    const wrong = (Object.keys(want) as (keyof DirectoryLearner)[]).filter((key) => held[key] !== want[key]);
    if (wrong.length > 0)
      problems.push(
        `learner ${e.id}: ${wrong.map((key) => `${key} ${JSON.stringify(held[key])}, expected ${JSON.stringify(want[key])}`).join("; ")}`,
      );
  }
  for (const [id, held] of directory) {
    if (!company.byId.has(id) && held.status !== "archived")
      problems.push(`learner ${id} is ${held.status}, but the employee is gone from Bob`);
  }
  return problems.slice(0, limit);
}
