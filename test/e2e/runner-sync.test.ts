import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentRow } from "@hibob-learners/hibob-emulator";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import type { ProgressView } from "../../src/runner/progress-view.js";
import type { SyncReport } from "../../src/runner/sync-report.js";
import type { SyncProgress } from "../../src/runner/sync-tally.js";
import { runSync } from "../../src/runner/sync.js";
import { freshDist } from "../helpers/fresh-dist.js";
import { directoryProblems, readDirectory, type DirectoryLearner } from "../helpers/learner-oracle.js";
import { runBin } from "../helpers/spawn.js";

// `hibob-learners sync` as a user runs it: the built bin, two connector processes, a state directory on disk.

const TOKEN = "runner-secret-token-5f1c";
let emulator: HibobEmulator;
let dir: string;
let paths: { source: string; destination: string; stateDir: string; db: string; connection: string };

beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 300,
    seed: 7,
    rateLimits: false,
    serviceUsers: [{ id: "runner", token: TOKEN, scope: { terminated: true } }],
  });
  dir = await mkdtemp(join(tmpdir(), "runner-sync-"));
  paths = {
    source: join(dir, "source.json"),
    destination: join(dir, "destination.json"),
    stateDir: join(dir, "state"),
    db: join(dir, "learners.db"),
    connection: join(dir, "state", "bob-to-lms"),
  };
  await writeJson(paths.source, {
    service_user_id: "runner",
    service_user_token: TOKEN,
    api_url: emulator.baseUrl,
  });
  await writeJson(paths.destination, { target: { type: "sqlite", path: paths.db } });
});

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

async function writeJson(path: string, value: object): Promise<void> {
  await writeFile(path, JSON.stringify(value));
}

async function sync(extra: readonly string[] = [], source = paths.source) {
  const run = await runBin("hibob-learners", [
    "sync",
    ...["--source-config", source, "--destination-config", paths.destination],
    ...["--state-dir", paths.stateDir, "--connection", "bob-to-lms", ...extra],
  ]);
  expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
  const history = (await readFile(join(paths.connection, "runs.jsonl"), "utf8")).trim().split("\n");
  const last = JSON.parse(history.at(-1) ?? "{}") as { reports: { json: string; html: string } };
  const report = JSON.parse(await readFile(last.reports.json, "utf8")) as SyncReport;
  const html = await readFile(last.reports.html, "utf8");
  expect(`${JSON.stringify(report)}${html}`).not.toContain(TOKEN);
  return { ...run, report, html, runs: history.length };
}

const savedState = (): Promise<string> => readFile(join(paths.connection, "state.json"), "utf8");

function learners(): { active: number; archived: number } {
  const db = new Database(paths.db, { readonly: true });
  try {
    const count = (status: string): number =>
      (db.prepare("SELECT count(*) AS n FROM learners WHERE status = ?").get(status) as { n: number }).n;
    return { active: count("active"), archived: count("archived") };
  } finally {
    db.close();
  }
}

/** Every learner as the text of all its columns but the directory's timestamps, by external id. */
function learnerRows(): Map<string, string> {
  const db = new Database(paths.db, { readonly: true });
  try {
    const rows = db.prepare("SELECT * FROM learners").all() as Record<string, unknown>[];
    return new Map(
      rows.map(({ created_at: _c, updated_at: _u, archived_at: _a, ...row }) => [
        String(row.external_id),
        JSON.stringify(row),
      ]),
    );
  } finally {
    db.close();
  }
}

/** The employees a report rejected: the only ones the directory may lack. */
const rejectedIn = (report: SyncReport): Set<string> =>
  new Set(report.rejects.flatMap((reject) => (reject.employee_id === null ? [] : [reject.employee_id])));

/** Ids of the learners whose status is `status`. */
const idsWith = (directory: ReadonlyMap<string, DirectoryLearner>, status: string): string[] =>
  [...directory.values()]
    .filter((learner) => learner.status === status)
    .map((learner) => learner.external_id)
    .sort();

describe("hibob-learners sync", () => {
  it("a first sync creates every active employee, keeps the echoed state and reports it", async () => {
    const first = await sync();
    expect(first.code, first.stderr).toBe(0);
    expect(first.report.status).toBe("succeeded");
    expect(first.report.streams).toEqual([
      expect.objectContaining({
        name: "employees",
        sync_mode: "full_refresh",
        records_read: 300,
        status: "complete",
      }),
    ]);
    // The directory is the company's: every employee still working a learner with today's data.
    const directory = readDirectory(paths.db);
    expect(directoryProblems(emulator.company, directory, rejectedIn(first.report))).toEqual([]);
    expect(first.report.learners.created).toBe(learners().active);
    expect(first.report.learners.created).toBe(
      idsWith(directory, "active").length + idsWith(directory, "archived").length,
    );
    expect(first.report.learners.created).toBeGreaterThan(250);
    expect(first.report.changes.filter((change) => change.action === "create")).toHaveLength(
      first.report.learners.created,
    );
    expect(first.stdout).toMatch(/Sync bob-to-lms .* succeeded/);
    expect(first.stdout).toContain(first.report.run_id);
    expect(first.html).toContain("<table");
    const state = JSON.parse(await savedState()) as { stream: { stream_descriptor: { name: string } } }[];
    expect(state.map((entry) => entry.stream.stream_descriptor.name)).toEqual(["employees"]);
    expect(JSON.stringify(state)).not.toContain("destinationStats");
  });

  it("the next sync reads everyone again and writes only the day's changes", async () => {
    const before = readDirectory(paths.db);
    const rowsBefore = learnerRows();
    const day = emulator.passDays({ updates: 6, hires: 3, terminations: 2, rehires: 0, deletions: 0 });
    const second = await sync();
    expect(second.code, second.stderr).toBe(0);
    expect(second.runs).toBe(2);
    const [employees] = second.report.streams;
    expect(employees?.records_read).toBe(emulator.company.employees.length);
    const after = readDirectory(paths.db);
    const rowsAfter = learnerRows();
    expect(directoryProblems(emulator.company, after, rejectedIn(second.report))).toEqual([]);
    // The counts are the directory's own changes: new learners, learners archived, learners changed.
    const created = [...after.keys()].filter((id) => !before.has(id)).sort();
    expect(created).toEqual([...day.hired].sort());
    expect(second.report.learners.created).toBe(day.hired.length);
    const archived = idsWith(after, "archived").filter((id) => before.get(id)?.status === "active");
    // A termination may be dated ahead: only those already effective archive a learner.
    const { company } = emulator;
    const leftToday = day.terminated.filter((id) => {
      const e = company.byId.get(id);
      return e !== undefined && currentRow(e.lifecycle, company.today).status === "terminated";
    });
    expect(leftToday.length).toBeGreaterThan(0);
    expect(archived).toEqual(leftToday.sort());
    expect(second.report.learners.archived).toBe(archived.length);
    const changed = [...rowsBefore].filter(
      ([id, row]) =>
        before.get(id)?.status === "active" &&
        after.get(id)?.status === "active" &&
        rowsAfter.get(id) !== row,
    );
    expect(second.report.learners.updated).toBe(changed.length);
    expect(
      second.report.changes
        .filter((change) => change.action === "create")
        .map((c) => c.employee_id)
        .sort(),
    ).toEqual([...day.hired].sort());
  });

  it("a failed run says which stream failed and why, and keeps the last good state", async () => {
    const before = await savedState();
    emulator.passDays({ updates: 4, hires: 2, terminations: 0, rehires: 0, deletions: 0 });
    emulator.addFault({ endpoint: "people.search", kind: "html", count: 1 });
    const failed = await sync();
    emulator.clearFaults();
    expect(failed.code).toBe(1);
    expect(failed.report.status).toBe("failed");
    expect(failed.report.failure).toMatchObject({
      origin: "source",
      stream: "employees",
      failure_type: "system_error",
    });
    expect(failed.report.failure?.message).toMatch(/HTML page instead of JSON/);
    expect(failed.stdout).toMatch(/Failed: source, stream employees/);
    expect(await savedState()).toBe(before);

    const again = await sync();
    expect(again.code, again.stderr).toBe(0);
    expect(again.report.learners.created).toBe(2);
    expect(directoryProblems(emulator.company, readDirectory(paths.db), rejectedIn(again.report))).toEqual(
      [],
    );
  });

  it("a wrong token fails before reading anything, as a config error naming the fix", async () => {
    const before = await savedState();
    const wrong = join(dir, "wrong-token.json");
    await writeJson(wrong, {
      service_user_id: "runner",
      service_user_token: "not-the-token",
      api_url: emulator.baseUrl,
    });
    const failed = await sync([], wrong);
    expect(failed.code).toBe(1);
    expect(failed.report.failure).toMatchObject({ origin: "source", failure_type: "config_error" });
    expect(`${failed.stdout}${JSON.stringify(failed.report)}`).not.toContain("not-the-token");
    expect(await savedState()).toBe(before);
  });

  it("refuses to drive a connection's state into another learner target", async () => {
    const other = join(dir, "other-destination.json");
    await writeJson(other, { target: { type: "sqlite", path: join(dir, "other.db") } });
    const run = await runBin("hibob-learners", [
      "sync",
      ...["--source-config", paths.source, "--destination-config", other],
      ...["--state-dir", paths.stateDir, "--connection", "bob-to-lms"],
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/another --connection name/);
  });

  it("reset starts the connection over, keeping its history; the next sync runs as a first sync", async () => {
    const before = await sync();
    expect(before.code, before.stderr).toBe(0);
    const reset = await runBin("hibob-learners", [
      "reset",
      ...["--source-config", paths.source, "--destination-config", paths.destination],
      ...["--state-dir", paths.stateDir, "--connection", "bob-to-lms"],
    ]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain("Connection 'bob-to-lms' reset");
    for (const file of ["state.json", "directory.json", "rejects.json", "connection.json"])
      expect(existsSync(join(paths.connection, file)), file).toBe(false);

    // Now bound to nothing, the connection may even be pointed at another directory.
    const other = join(dir, "after-reset.json");
    await writeJson(other, { target: { type: "sqlite", path: join(dir, "after-reset.db") } });
    const run = await runBin("hibob-learners", [
      "sync",
      ...["--source-config", paths.source, "--destination-config", other],
      ...["--state-dir", paths.stateDir, "--connection", "bob-to-lms"],
    ]);
    expect(run.code, run.stdout).toBe(0);
    const history = (await readFile(join(paths.connection, "runs.jsonl"), "utf8")).trim().split("\n");
    expect(history.length).toBe(before.runs + 1);
    const unknown = await runBin("hibob-learners", [
      "reset",
      "--state-dir",
      paths.stateDir,
      "--connection",
      "nope",
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("there is no connection 'nope'");
  });

  it("answers a usage error with exit code 2 and the command's usage", async () => {
    const run = await runBin("hibob-learners", ["sync", "--source-config", paths.source]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--destination-config FILE is required");
    expect(run.stderr).toContain("Usage: hibob-learners sync");
  });
});

describe("runSync in process", () => {
  let big: HibobEmulator;
  beforeAll(async () => {
    // runSync spawns the built connectors.
    await freshDist();
    big = await startHibobEmulator({
      employees: 2500,
      seed: 11,
      rateLimits: false,
      serviceUsers: [{ id: "runner", token: TOKEN, scope: { terminated: true } }],
    });
  });
  afterAll(async () => {
    await big.close();
  });

  /** A view that keeps what it is shown. */
  function recordingView() {
    const shown = { progress: [] as SyncProgress[], logs: [] as string[], ended: 0 };
    const view: ProgressView = {
      progress: (progress) => shown.progress.push(progress),
      log: (origin, level, text) => shown.logs.push(`${origin} ${level} ${text}`),
      end: () => (shown.ended += 1),
    };
    return { shown, view };
  }

  async function bigConfigs(name: string): Promise<{ source: string; destination: string; db: string }> {
    const files = {
      source: join(dir, `${name}-source.json`),
      destination: join(dir, `${name}-destination.json`),
      db: join(dir, `${name}.db`),
    };
    await writeJson(files.source, {
      service_user_id: "runner",
      service_user_token: TOKEN,
      api_url: big.baseUrl,
    });
    await writeJson(files.destination, { target: { type: "sqlite", path: files.db } });
    return files;
  }

  it("offers the view live counts while the connectors run, and closes it", async () => {
    const files = await bigConfigs("live");
    const { shown, view } = recordingView();
    const { report } = await runSync({
      sourceConfig: files.source,
      destinationConfig: files.destination,
      stateDir: join(dir, "live-state"),
      connection: "live",
      view,
    });
    expect(report.status).toBe("succeeded");
    expect(directoryProblems(big.company, readDirectory(files.db), rejectedIn(report))).toEqual([]);
    expect(shown.progress.length).toBeGreaterThan(0);
    // The counts only grow, and the last one the view is offered is the whole read.
    const read = shown.progress.map((progress) => progress.recordsRead);
    expect(read).toEqual([...read].sort((a, b) => a - b));
    expect(Math.max(...read)).toBe(report.streams[0]?.records_read);
    expect(shown.ended).toBe(1);
  });

  it("a stopped sync keeps what it committed, and the next one finishes the job", async () => {
    const files = await bigConfigs("stopped");
    const stateDir = join(dir, "stopped-state");
    const stateFile = join(stateDir, "stopped", "state.json");
    const stop = new AbortController();
    // Stop as soon as the first checkpoint is saved: mid-pass, with 2,500 employees and a state every 1,000.
    const watcher = setInterval(() => {
      if (existsSync(stateFile)) stop.abort();
    }, 5);
    const sync = (signal?: AbortSignal) =>
      runSync({
        sourceConfig: files.source,
        destinationConfig: files.destination,
        stateDir,
        connection: "stopped",
        view: recordingView().view,
        ...(signal === undefined ? {} : { signal }),
      });
    const stopped = await sync(stop.signal).finally(() => {
      clearInterval(watcher);
    });
    expect(stopped.report.failure).toMatchObject({ origin: "runner", failure_type: null });
    expect(stopped.report.failure?.message).toMatch(/Stopped on request.*resumes from the last checkpoint/);
    expect(stopped.report.state.checkpoints).toBeGreaterThan(0);
    const read = stopped.report.streams[0]?.records_read ?? 0;
    expect(read).toBeLessThan(2500);

    const resumed = await sync();
    expect(resumed.report.status).toBe("succeeded");
    // The next pass reads everyone again, and writes only the learners the stopped one had not committed.
    expect(resumed.report.streams[0]?.records_read).toBe(2500);
    expect(resumed.report.learners.created).toBeLessThan(2500);
    const directory = readDirectory(files.db);
    expect(directoryProblems(big.company, directory, rejectedIn(resumed.report))).toEqual([]);
    // What the stopped sync committed plus what the next one created is the whole directory, once each.
    expect(stopped.report.learners.created + resumed.report.learners.created).toBe(directory.size);
    const db = new Database(files.db, { readonly: true });
    try {
      const duplicates = db
        .prepare(
          "SELECT count(*) AS n FROM (SELECT email FROM learners GROUP BY lower(email) HAVING count(*) > 1)",
        )
        .get() as { n: number };
      expect(duplicates.n).toBe(0);
    } finally {
      db.close();
    }
  });
});
