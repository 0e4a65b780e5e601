import { spawn } from "node:child_process";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { REPO_ROOT, runBin } from "../helpers/spawn.js";

let dir: string;

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
      expect(run.stdout).toMatch(/2\. A day passes in Bob \(\d{4}-\d{2}-\d{2}\): \d+ hired/);
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
