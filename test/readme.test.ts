import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EXIT_FAILED as CONNECTOR_FAILED,
  EXIT_OK as CONNECTOR_OK,
  EXIT_USAGE as CONNECTOR_USAGE,
} from "../src/protocol/index.js";
import { runHibobLearners } from "../src/runner/cli.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, RUNNER_EXIT_CODES } from "../src/runner/exit-codes.js";
import { REPO_ROOT } from "./helpers/spawn.js";

// The README is what a newcomer runs and what a script's author reads: its commands, what they need and the
// exit codes it documents are checked against the package, the CI script and the code.

const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

/** The text of a `## heading` section, up to the next one. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section '${heading}'`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The commands of a section's first `sh` block, comments and blank lines left out. */
function commands(text: string): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "");
}

/** The rows of the markdown table that follows `intro`, as [first cell, rest of the row]. */
function tableAfter(intro: string): [string, string][] {
  const at = readme.indexOf(intro);
  if (at < 0) throw new Error(`README has no '${intro}'`);
  const rows: [string, string][] = [];
  for (const line of readme
    .slice(at + intro.length)
    .trimStart()
    .split("\n")) {
    if (!line.startsWith("|")) break;
    const [first = "", ...rest] = line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (/^-+$/.test(first) || first === "Exit code") continue;
    rows.push([first, rest.join(" | ")]);
  }
  return rows;
}

describe("the README's fresh-machine section", () => {
  const fresh = section("On a fresh machine");

  it("is exactly two commands: one installs and runs the main job, one runs every test", () => {
    expect(commands(fresh)).toEqual(["npm ci --foreground-scripts && npm run demo", "npm test"]);
    expect(pkg.scripts.demo).toMatch(/hibob-learners\.js demo$/);
    expect(pkg.scripts.test).toContain("vitest run");
  });

  it("are the commands CI runs: the same install, then npm test", async () => {
    const ci = await readFile(join(REPO_ROOT, ".ci/run"), "utf8");
    const npm = ci.split("\n").filter((line) => /^\s*npm\b/.test(line));
    expect(npm.map((line) => line.trim())).toEqual(["npm ci", "npm test"]);
    // --foreground-scripts only shows install scripts' output as they run: the install is the same.
    const [install] = commands(fresh);
    expect(install?.split(" && ")[0]?.replace(" --foreground-scripts", "")).toBe("npm ci");
  });

  it("says what npm ci needs, and how to see the native build's progress", () => {
    for (const need of ["npm registry", "C++ toolchain", "python3", "make", "better-sqlite3", "GitHub"])
      expect(fresh).toContain(need);
    expect(fresh).toContain("CC(target) Release/obj.target/sqlite3/gen/sqlite3/sqlite3.o");
  });
});

describe("the README's exit codes", () => {
  it("of hibob-learners are the runner's, each row saying what its code means", () => {
    const rows = tableAfter("`hibob-learners` exits with:");
    expect(rows.map(([code]) => code)).toEqual(
      Object.values(RUNNER_EXIT_CODES)
        .sort()
        .map((code) => `\`${code}\``),
    );
    const meaning = new Map(rows.map(([code, text]) => [code, text]));
    expect(meaning.get(`\`${EXIT_OK}\``)).toMatch(/succeeded/);
    expect(meaning.get(`\`${EXIT_FAILED}\``)).toMatch(/a sync failed/);
    expect(meaning.get(`\`${EXIT_USAGE}\``)).toMatch(/command line cannot be run/);
  });

  it("of the connectors are the protocol CLI's", () => {
    const line = /- Exit codes: ([\s\S]*?)\n(?:- |\n)/.exec(section("The connectors"))?.[1] ?? "";
    const documented = [...line.matchAll(/`(\d)` (success|after any|for an unknown command)/g)].map(
      (match) => [Number(match[1]), match[2]],
    );
    expect(documented).toEqual([
      [CONNECTOR_OK, "success"],
      [CONNECTOR_FAILED, "after any"],
      [CONNECTOR_USAGE, "for an unknown command"],
    ]);
  });
});

describe("hibob-learners exits as the README says", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "readme-exit-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = (argv: readonly string[]): Promise<number> => {
    const sink = () =>
      new Writable({
        write(_chunk, _encoding, done) {
          done();
        },
      });
    return runHibobLearners(argv, { stdout: sink(), stderr: sink() });
  };

  it.each([
    ["--help", ["--help"], EXIT_OK],
    ["reset of a connection that does not exist", ["reset", "--connection", "nowhere"], EXIT_FAILED],
    ["an unknown command", ["synch"], EXIT_USAGE],
    ["an unknown flag", ["sync", "--sourceconfig", "a.json"], EXIT_USAGE],
    [
      "a bad cron expression",
      ["schedule", "--cron", "daily", "--source-config", "a", "--destination-config", "b"],
      EXIT_USAGE,
    ],
  ])("%s: exit %s", async (_case, argv, code) => {
    expect(await run([...argv, ...(argv[0] === "reset" ? ["--state-dir", dir] : [])])).toBe(code);
  });

  it("a sync that failed: exit 1, with its report", async () => {
    const missing = join(dir, "missing.json");
    const argv = ["sync", "--source-config", missing, "--destination-config", missing, "--state-dir", dir];
    expect(await run(argv)).toBe(EXIT_FAILED);
  });

  it("a --state-dir that cannot hold the runner's files: exit 2, before any sync", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "");
    const argv = ["sync", "--source-config", "a.json", "--destination-config", "b.json", "--state-dir", file];
    expect(await run(argv)).toBe(EXIT_USAGE);
  });
});
