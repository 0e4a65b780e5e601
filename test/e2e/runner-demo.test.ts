import { spawn } from "node:child_process";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DaySummary, startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { demoDay } from "../../src/runner/demo.js";
import type { SyncReport } from "../../src/runner/sync-report.js";
import { REPO_ROOT, runBin } from "../helpers/spawn.js";

let dir: string;

const EMPLOYEES = 300;

/**
 * A seed whose demo day holds a termination effective today and a scheduled one, found on a twin of the demo's
 * emulator: the same seed, size and date give the same company, and the same day passes.
 */
async function dayWithBothKindsOfTermination(): Promise<{
  seed: number;
  day: DaySummary;
  company: HibobEmulator["company"];
}> {
  for (let seed = 1; seed < 200; seed += 1) {
    const twin = await startHibobEmulator({ employees: EMPLOYEES, seed });
    try {
      const day = twin.passDays(demoDay(EMPLOYEES));
      const dates = day.terminated.map((id) => twin.company.byId.get(id)?.terminationDate ?? "");
      // A leaver rehired the same day would be neither: the twin looks for a day without one.
      const rehiredLeaver = day.rehired.some((id) => day.terminated.includes(id));
      if (!rehiredLeaver && dates.some((date) => date <= day.today) && dates.some((date) => date > day.today))
        return { seed, day, company: twin.company };
    } finally {
      await twin.close();
    }
  }
  throw new Error("no seed under 200 gives a day with both kinds of termination");
}

/** The JSON reports a demo run printed, in order. */
async function reportsOf(stdout: string): Promise<SyncReport[]> {
  const files = stdout.match(/^\s+(\S+\.json)$/gm) ?? [];
  return Promise.all(
    files.map(async (line) => JSON.parse(await readFile(line.trim(), "utf8")) as SyncReport),
  );
}

/** Each learner's status in a directory, by employee id. */
function learnerStatus(path: string): Map<string, string> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("SELECT external_id, status FROM learners").all() as {
      external_id: string;
      status: string;
    }[];
    return new Map(rows.map((row) => [row.external_id, row.status]));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "runner-demo-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("hibob-learners demo", () => {
  it(
    "syncs a small company, lets a day pass, syncs again and says where everything is",
    { timeout: 120_000 },
    async () => {
      const demoDir = join(dir, "demo");
      const run = await runBin("hibob-learners", ["demo", "--employees", "80", "--dir", demoDir]);
      expect(run.code, run.stderr).toBe(0);
      const tables = run.stdout.match(/^Sync demo .* succeeded in/gm) ?? [];
      expect(tables).toHaveLength(2);
      expect(run.stdout).toContain("1. First sync");
      expect(run.stdout).toMatch(/2\. A day passes in Bob \(\d{4}-\d{2}-\d{2}\): \d+ hires?, /);
      expect(run.stdout).toContain("3. The next day's sync");

      const db = new Database(join(demoDir, "learners.db"), { readonly: true });
      const active = (
        db.prepare("SELECT count(*) AS n FROM learners WHERE status = 'active'").get() as { n: number }
      ).n;
      db.close();
      expect(active).toBeGreaterThan(60);
      expect(run.stdout).toContain(`(${active} active and`);
      const reports = run.stdout.match(/\S+\.html$/gm) ?? [];
      expect(reports.length).toBeGreaterThanOrEqual(2);
      for (const file of reports) await access(file);
    },
  );

  it(
    "tells a story that matches the run: Bob's day as it was, and what each sync did about it",
    { timeout: 120_000 },
    async () => {
      const { seed, day, company } = await dayWithBothKindsOfTermination();
      const demoDir = join(dir, "story");
      const run = await runBin("hibob-learners", [
        "demo",
        ...["--employees", String(EMPLOYEES), "--seed", String(seed), "--dir", demoDir],
      ]);
      expect(run.code, run.stderr).toBe(0);
      const [first, second] = await reportsOf(run.stdout);
      if (first === undefined || second === undefined) throw new Error("the demo wrote fewer than 2 reports");
      const status = learnerStatus(join(demoDir, "learners.db"));

      // The first sync: its story is its report's counts; its courses one line per course, not one per learner.
      const { created, leavers_not_created: leavers } = first.learners;
      expect(run.stdout).toContain(
        `The first sync created ${created} learners and gave none to ${leavers} leavers.`,
      );
      expect(first.course_assignments).toEqual([
        { course: "Security basics", trigger: "new_learner", learners: created },
      ]);
      expect(first.changes.filter((change) => change.action === "create")).toHaveLength(created);
      expect(run.stdout).toContain(
        `Courses assigned (${created}):\n  Security basics: ${created} learners (new learner)\n`,
      );
      expect(run.stdout).not.toMatch(/^ {2}assign /m);
      // Change lines name the person first.
      const creates = run.stdout.match(/^ {2}create learner .+ <[^<>\s]+@[^<>\s]+>$/gm) ?? [];
      expect(creates.length).toBeGreaterThan(0);

      // The day, as Bob has it (the same seed and date give the same company and the same day).
      const effective = day.terminated.filter(
        (id) => (company.byId.get(id)?.terminationDate ?? "") <= day.today,
      );
      const scheduled = day.terminated.filter((id) => !effective.includes(id));
      expect(run.stdout).toContain(
        `2. A day passes in Bob (${day.today}): ${day.hired.length} hire${day.hired.length === 1 ? "" : "s"}, `,
      );
      expect(run.stdout).toContain(
        `${day.terminated.length} terminations (${effective.length} effective today, ${scheduled.length} scheduled)`,
      );

      // What the next sync did, as its story says, its report lists and the learner directory holds.
      const archived = second.changes
        .filter((change) => change.action === "archive")
        .map((c) => c.employee_id);
      expect(archived.sort()).toEqual([...effective].sort());
      for (const id of effective) expect(status.get(id), id).toBe("archived");
      for (const id of scheduled) expect(status.get(id), id).toBe("active");
      const dates = scheduled.map((id) => company.byId.get(id)?.terminationDate).join(", ");
      expect(run.stdout).toContain(
        `  ${day.terminated.length} terminations: ${effective.length} effective today, ` +
          `${effective.length} learner${effective.length === 1 ? "" : "s"} archived; ` +
          `${scheduled.length} scheduled (${dates}), ${scheduled.length} kept active until then\n`,
      );
      const hiredCreated = second.changes.filter(
        (change) => change.action === "create" && day.hired.includes(change.employee_id ?? ""),
      );
      for (const id of day.hired) expect(status.get(id), id).toBe("active");
      expect(run.stdout).toContain(`  ${day.hired.length} hires: ${hiredCreated.length} learners created\n`);
      expect(hiredCreated).toHaveLength(day.hired.length);
      // Every learner updated is one the day changed, or one updated with them (its manager or reports changed).
      const updated = second.changes.flatMap((change) =>
        change.action === "update" && change.employee_id !== null ? [change.employee_id] : [],
      );
      expect(updated).toHaveLength(second.learners.updated);
      const changed = day.updated.map((entry) => entry.id);
      const own = new Set([
        ...changed,
        ...day.emailChanged.map((entry) => entry.id),
        ...day.hired,
        ...day.rehired,
      ]);
      const changedUpdated = updated.filter((id) => changed.includes(id)).length;
      expect(run.stdout).toContain(
        `  ${changed.length} people changed: ${changedUpdated} learner${changedUpdated === 1 ? "" : "s"} updated\n`,
      );
      const others = updated.filter((id) => !own.has(id) && !day.terminated.includes(id)).length;
      if (others > 0)
        expect(run.stdout).toMatch(
          new RegExp(`^ {2}${others} other learners? updated (?:because|with them)`, "m"),
        );
      // Nothing printed a progress line before anything happened.
      expect(run.stderr).not.toMatch(/read 0 · learners created 0, updated 0/);
    },
  );

  it("refuses a company size out of range, naming the flag", async () => {
    const run = await runBin("hibob-learners", ["demo", "--employees", "0", "--dir", join(dir, "none")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--employees must be an integer from 1 to/);
  });

  it("refuses a folder holding files it did not write", async () => {
    const busy = join(dir, "busy");
    await runBin("hibob-learners", ["demo", "--employees", "5", "--dir", busy]);
    await writeFile(join(busy, "notes.txt"), "mine");
    const run = await runBin("hibob-learners", ["demo", "--dir", busy]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("notes.txt");
  });
});

describe("hibob-learners schedule", () => {
  let emulator: HibobEmulator;
  beforeAll(async () => {
    emulator = await startHibobEmulator({
      employees: 40,
      rateLimits: false,
      serviceUsers: [{ id: "cron", token: "cron-token", scope: { terminated: true } }],
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("runs at start and, on SIGTERM, lets the running sync finish before it stops", async () => {
    const source = join(dir, "cron-source.json");
    const destination = join(dir, "cron-destination.json");
    await writeFile(
      source,
      JSON.stringify({
        service_user_id: "cron",
        service_user_token: "cron-token",
        api_url: emulator.baseUrl,
      }),
    );
    await writeFile(destination, JSON.stringify({ target: { type: "sqlite", path: join(dir, "cron.db") } }));
    const child = spawn(
      process.execPath,
      [
        "dist/bin/hibob-learners.js",
        "schedule",
        ...["--cron", "0 3 1 1 *", "--run-at-start"],
        ...["--source-config", source, "--destination-config", destination, "--state-dir", join(dir, "cron")],
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    // SIGTERM as soon as the schedule is up: the sync that started with it is still running.
    child.stderr.on("data", (chunk: Buffer) => {
      const first = stderr === "";
      stderr += chunk.toString();
      if (first) child.kill("SIGTERM");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Scheduled "0 3 1 1 *"');
    expect(stderr).toContain("the running one finishes first");
    expect(stdout).toMatch(/^Sync cron-source-to-cron-destination .* succeeded/m);
    expect(stderr).not.toContain("Next sync at");
  });

  it("refuses an expression that is not cron, with an example", async () => {
    const run = await runBin("hibob-learners", [
      "schedule",
      ...["--cron", "every day", "--source-config", "a.json", "--destination-config", "b.json"],
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"0 17 * * *"');
  });
});
