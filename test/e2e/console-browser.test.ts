// The console end to end, in a real browser: Debian's Chromium driven by playwright-core, the built
// `hibob-learners console` as a person starts it, and the HiBob emulator as Bob. With CONSOLE_SCREENSHOTS=DIR it also
// saves a screenshot of each step (`npm run console-screenshots` writes docs/console/).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, lifecycleStatus, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import type { HibobEmulator } from "@hibob-learners/hibob-emulator";
import { launchChromium } from "../helpers/browser.js";
import type { ConsoleProcess } from "../helpers/console-process.js";
import { startConsoleProcess } from "../helpers/console-process.js";

const FULL = { id: "SERVICE-USER", token: "full-access-token-4a7c1e" };
const RESTRICTED = { id: "RESTRICTED-USER", token: "restricted-token-93bd20" };
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
/** Employees per search, as the Bob form sets it: the 80 employees are read in four. */
const BATCH = 20;

let dir: string;
let bob: HibobEmulator | undefined;
let consoleProcess: ConsoleProcess | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const seen: string[] = [];

/** axe-core, the accessibility engine browsers' audits use, evaluated in the page at each step. */
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  readonly id: string;
  readonly help: string;
  readonly targets: string[];
}

/** No WCAG 2 A or AA violation: every control labelled, every button named, contrast, landmarks, ARIA. */
async function audit(where: string): Promise<void> {
  await page.evaluate(AXE);
  const { violations, passed } = await page.evaluate<{ violations: Violation[]; passed: string[] }>(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((result) => ({
      passed: result.passes.map((rule) => rule.id),
      violations: result.violations.map((v) => ({
        id: v.id,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(" ")),
      })),
    }))`);
  // The rules the console must keep passing were checked, not skipped for want of anything to check.
  expect(passed, `axe rules checked on ${where}`).toEqual(
    expect.arrayContaining(["button-name", "color-contrast"]),
  );
  expect(violations, `accessibility of ${where}`).toEqual([]);
}

/**
 * Audits the step's page, saves its screenshot when asked to, and remembers its HTML to look for secrets in.
 */
async function step(name: string, shown?: Locator): Promise<void> {
  await audit(name);
  seen.push(await page.content());
  if (SHOTS === undefined) return;
  await shown?.scrollIntoViewIfNeeded();
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const status = () => page.getByRole("status");
/** Waits for what the page shows next, generously: a 2-core machine running other suites is slow. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
/** A schedule time half a day away, so the console's scheduler never starts a sync during the test. */
const LATER = `${String((new Date().getUTCHours() + 12) % 24).padStart(2, "0")}:30`;
const emulator = (): HibobEmulator => bob ?? expect.unreachable("the HiBob emulator did not start");
const served = (): ConsoleProcess => consoleProcess ?? expect.unreachable("the console did not start");
const learners = (status: string): number => {
  const db = new Database(join(dir, "learners.db"), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM learners WHERE status = ?").get(status) as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "console-browser-"));
  bob = await startHibobEmulator({
    employees: 80,
    seed: 11,
    rateLimits: false,
    serviceUsers: [
      { ...FULL, scope: { terminated: true } },
      {
        ...RESTRICTED,
        permissions: ALL_PERMISSIONS.filter((p) => p !== "employment"),
        scope: { terminated: true },
      },
    ],
  });
  consoleProcess = await startConsoleProcess(["console", "--port", "0", "--state-dir", join(dir, "state")]);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 820 } });
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  // SIGINT stops it cleanly: exit code 0.
  if (consoleProcess !== undefined) expect(await consoleProcess.stop("SIGINT")).toBe(0);
  await bob?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the console in a browser", { timeout: 120_000 }, () => {
  it("opens from the printed URL, then forgets the token in the address", async () => {
    await page.goto(served().url);
    await poll(() => page.url()).toBe(`${served().origin}/`);
    await page.getByRole("heading", { name: "Connect Bob" }).waitFor();
    await step("1-connect-bob");
  });

  it("lists the permissions the chosen field groups need, live", async () => {
    const list = page.getByRole("list", { name: "Permissions for the chosen field groups" });
    await poll(() => list.innerText()).toContain("Work › Department (work.department)");
    await page.getByLabel("Salary and pay").check();
    await poll(() => list.innerText()).toContain("Payroll");
    await page.getByLabel("Salary and pay").uncheck();
    await poll(() => list.innerText()).not.toContain("Payroll");
    await poll(() => page.locator(".advice").first().innerText()).toContain("Access data for");
    // Production or the sandbox: the spec's examples are offered for the API URL.
    const examples = await page.getByLabel("API URL").getAttribute("list");
    const offered = await Promise.all(
      (await page.locator(`datalist#${examples ?? "none"} option`).all()).map((option) =>
        option.getAttribute("value"),
      ),
    );
    expect(offered).toEqual(["https://api.hibob.com/v1", "https://api.sandbox.hibob.com/v1"]);
    expect(await page.getByLabel("Service user token").getAttribute("type")).toBe("password");
  });

  it("a restricted service user: each missing permission is listed, with the 10-second hint and Test again", async () => {
    await page.getByLabel("Service user ID").fill(RESTRICTED.id);
    await page.getByLabel("Service user token").fill(RESTRICTED.token);
    await page.getByLabel("API URL").fill(emulator().baseUrl);
    await page.getByRole("button", { name: "Test connection" }).click();
    const checklist = page.getByRole("list", { name: "Missing permissions" });
    await checklist.waitFor({ timeout: 20_000 });
    const items = await checklist.getByRole("listitem").allInnerTexts();
    expect(items).toEqual([
      expect.stringMatching(/^Employment › .+ \(payroll\.employment\.contract\)$/),
      expect.stringMatching(/^Employment › .+ \(payroll\.employment\.type\)$/),
    ]);
    await poll(() => page.locator("#bob-result").innerText()).toContain("about 10 seconds");
    await poll(() => status().innerText()).toContain("lacks 2 permissions");
    expect(existsSync(join(dir, "state", "source.json"))).toBe(false);
    await step("2-missing-permissions", page.getByRole("button", { name: "Test again" }));
  });

  it("the full service user: Test again succeeds, says whom it sees, and saves the config owner-only", async () => {
    await page.getByLabel("Service user ID").fill(FULL.id);
    await page.getByLabel("Service user token").fill(FULL.token);
    // Small batches, so a sync reads Bob in several searches and its progress can be seen between them.
    await page.getByLabel("Batch size").fill(String(BATCH));
    await page.getByRole("button", { name: "Test again" }).click();
    const { company } = emulator();
    const terminated = company.employees.filter(
      (e) => lifecycleStatus(e, company.today) === "terminated",
    ).length;
    await poll(() => page.locator("#bob-result").innerText()).toContain(
      `can see ${company.employees.length} employees, of whom ${terminated} terminated`,
    );
    await poll(() => status().innerText()).toContain("Connected to Bob");
    expect((await stat(join(dir, "state", "source.json"))).mode & 0o777).toBe(0o600);
    // The token typed is gone from the page: the field holds the kept-secret marker.
    expect(await page.getByLabel("Service user token").inputValue()).not.toBe(FULL.token);
    await step("3-bob-connected", page.locator("#bob-result"));
  });

  it("the learning platform: the SQLite target, tested", async () => {
    await page.getByRole("link", { name: "Learning platform" }).click();
    await poll(() => page.getByLabel("Learner target").inputValue()).not.toBe("");
    // The target variants are a choice; each variant's own fields follow it, its secret as a password input.
    await page.getByLabel("Learner target").selectOption({ label: "Any LMS with SCIM 2.0 provisioning" });
    expect(await page.getByLabel("Bearer token").getAttribute("type")).toBe("password");
    await page.getByLabel("SCIM base URL").waitFor();
    await page.getByLabel("Learner target").selectOption({ label: "Embedded learner directory (SQLite)" });
    expect(await page.getByLabel("Bearer token").count()).toBe(0);
    await page.getByLabel("Learner directory file").fill(join(dir, "learners.db"));
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("Connected. The config is saved.").waitFor();
    await step("4-learning-platform");
  });

  it("settings: the field mapping table, a course rule, the daily schedule", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    const mapping = page.getByRole("table");
    await poll(() => mapping.locator("thead").innerText()).toMatch(/Bob field\s+Learner field/);
    expect(await page.getByLabel("email", { exact: true }).getAttribute("placeholder")).toBe("root.email");
    await page.getByRole("button", { name: "Add course rule" }).click();
    await page.getByLabel("Course", { exact: true }).fill("Security basics");
    await page.getByLabel("Trigger").selectOption({ label: "New learner" });
    await page.getByLabel("Archive safety cap (%)").fill("20");
    await page.getByRole("button", { name: "Save settings" }).click();
    await poll(() => status().innerText()).toContain("Settings saved");
    await page.getByLabel("Run the daily sync from this console").check();
    await page.getByLabel("Time", { exact: true }).fill(LATER);
    await page.getByLabel("Time zone").selectOption("Europe/London");
    await page.getByRole("button", { name: "Save schedule" }).click();
    await poll(() => status().innerText()).toContain("next sync");
    await step("5-settings", page.getByRole("heading", { name: "Course rules" }));
  });

  it("preview: who would be created, by name, and which courses; nothing is written", async () => {
    await page.getByRole("link", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Run preview" }).click();
    const report = page.locator("#preview-report");
    await report.getByText(/^Would create \(\d+\)$/).waitFor({ timeout: 60_000 });
    await poll(() => report.innerText()).toContain("Nothing was written");
    await poll(() => report.innerText()).toMatch(/Security basics \(New learner\): \d+ learners/);
    // A person is named, not only an id: "First Last <email>" (a long list starts folded).
    await report.getByText(/^Would create \(\d+\)$/).click();
    await poll(() => report.locator(".changes li").first().innerText()).toMatch(/^\S.* <\S+@\S+>/);
    expect(existsSync(join(dir, "learners.db"))).toBe(false);
    expect(existsSync(join(dir, "state", "source-to-destination", "state.json"))).toBe(false);
    await step("6-preview");
  });

  it("sync now: live progress, then the report", async () => {
    await page.getByRole("link", { name: "Sync now" }).click();
    // Bob answers the search for the second batch only after a few seconds (the first search lists the ids): the
    // run stays in progress with one batch read, long enough, even on a slow 2-core machine, to see its counts
    // live and audit and photograph the page while it goes on.
    const slow = emulator().addFault({
      endpoint: "people.search",
      kind: "slow",
      delayMs: 6_000,
      after: 2,
      count: 1,
    });
    try {
      await page.getByRole("button", { name: "Sync now" }).click();
      await page.getByRole("heading", { name: "Sync running…" }).waitFor();
      // The source said how many it would read: the count says "of" them and the bar fills towards it.
      const read = page.locator("#sync-live");
      await poll(() => read.innerText()).toMatch(new RegExp(`Records read\\s+${BATCH} of \\d+`));
      const total = /Records read\s+\d+ of (\d+)/.exec(await read.innerText())?.[1];
      expect(Number(total)).toBeGreaterThan(BATCH);
      const bar = page.getByRole("progressbar", { name: "Sync progress" });
      expect([await bar.getAttribute("value"), await bar.getAttribute("max")]).toEqual([
        String(BATCH),
        total,
      ]);
      await step("7-sync-running");
      // The run reached the slow search: the fault is spent, not left for later steps.
      await poll(() => slow.fired).toBe(1);
    } finally {
      emulator().clearFaults();
    }
    const report = page.locator("#sync-report");
    await report.getByText(/^Created \(\d+\)$/).waitFor({ timeout: 60_000 });
    await poll(() => status().innerText()).toContain("Sync succeeded");
    expect(learners("active")).toBeGreaterThan(60);
    await step("8-sync-report", page.locator("#sync-report"));
  });

  it("a day passes in Bob, and the next sync brings the learners in step", async () => {
    const day = emulator().passDays({
      hires: 2,
      terminations: 2,
      updates: 3,
      rehires: 0,
      deletions: 0,
      emailChanges: 0,
    });
    expect(day.hired).toHaveLength(2);
    // And an HR admin mistypes someone's email: the sync rejects that one and goes on.
    const { company } = emulator();
    const mistyped = company.employees.find(
      (e) =>
        e.terminationDate === null && e.startDate <= company.today && !day.updated.some((u) => u.id === e.id),
    );
    const edit = await fetch(`${emulator().adminUrl}/employees/${mistyped?.id ?? "none"}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "jane.doe.acme.example" }),
    });
    expect(edit.status).toBe(200);
    await page.getByRole("button", { name: "Sync now" }).click();
    const report = page.locator("#sync-report");
    await report.getByText(/^Archived \(\d+\)$/).waitFor({ timeout: 60_000 });
    await poll(() => report.innerText()).toMatch(/Created \(2\)/);
    await poll(() => report.innerText()).toMatch(/Rejected \(1\)/);
    expect(learners("archived")).toBeGreaterThanOrEqual(2);
    // Each update names the person, then each field that changed, old → new.
    const updated = report.locator("details", { has: page.getByText(/^Updated \(\d+\)$/) });
    await poll(() => updated.locator(".fields li").first().innerText()).toMatch(/^\S+: .* → .+/);
    await step("9-next-day-sync", report.getByText(/^Updated \(\d+\)$/));
  });

  it("history: both syncs and the preview, the chart, the next scheduled run", async () => {
    await page.getByRole("link", { name: "History" }).click();
    const runs = page.getByRole("table", { name: "Runs, latest first" });
    await runs.waitFor();
    expect(await runs.locator("tbody tr").allInnerTexts()).toEqual([
      expect.stringMatching(/Sync\s+succeeded\s+\d+\s+2\s/),
      expect.stringMatching(/Sync\s+succeeded/),
      expect.stringMatching(/Preview\s+succeeded/),
    ]);
    const chart = page.getByRole("img", { name: /Learners over time/ });
    expect(await chart.getAttribute("aria-label")).toMatch(
      /After 2 syncs: \d+ active and \d+ archived learners/,
    );
    expect(await chart.locator("circle").count()).toBe(4);
    await expect
      .poll(() => page.locator("#next-run").innerText())
      .toMatch(/Next scheduled sync: .+, run by this console/);
    await step("10-history");
    // The mistyped email: its reason, since when, and what to do.
    const rejects = page.getByRole("table", { name: "Employees the last sync could not write" });
    expect(await rejects.locator("tbody tr").allInnerTexts()).toEqual([
      // Named, not only a 19-digit id.
      expect.stringMatching(
        /^\p{L}.* \(employee \d+\)\s+email 'jane\.doe\.acme\.example' is not an address.+Correct it in Bob/su,
      ),
    ]);
    await step("11-rejects", rejects);
    await page
      .getByRole("button", { name: /View report of sync/ })
      .first()
      .click();
    await page.locator("#history-report article").waitFor();
  });

  it("no page, cookie or browser storage ever held a saved secret", async () => {
    for (const html of seen) {
      expect(html).not.toContain(FULL.token);
      expect(html).not.toContain(RESTRICTED.token);
    }
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([
      [`hibob_console_${served().port}`, true, "Strict"],
    ]);
    expect(JSON.stringify(cookies)).not.toContain(FULL.token);
    // Evaluated in the page (this file is typed for Node, not the DOM).
    const stored = await page.evaluate<{ local: number; session: number; values: string[] }>(`({
      local: window.localStorage.length,
      session: window.sessionStorage.length,
      values: [...document.querySelectorAll("input")].map((input) => input.value),
    })`);
    expect(stored.local).toBe(0);
    expect(stored.session).toBe(0);
    expect(stored.values).not.toContain(FULL.token);
    expect(served().stdout() + served().stderr()).not.toContain(FULL.token);
  });
});
