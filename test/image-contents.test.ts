import { readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { inherited, stages, type Stage } from "./helpers/dockerfile.js";
import { installedPackages, installOptions, type Lockfile } from "./helpers/lockfile-tree.js";
import { REPO_ROOT } from "./helpers/spawn.js";

// No Docker engine runs here, so what each image can hold is worked out from the Dockerfile's COPY lines: a file
// copied from the build context, a compiled folder through the tsconfig it is built from, node_modules through
// the lockfile and the stage's `npm ci`.

/** Only tests and benchmarks use these: the learning-platform emulators, their kit, and their former home. */
const TEST_ONLY_FOLDERS = ["packages/lms-emulators", "packages/emulator-kit", "src/emulators"];
const TEST_ONLY_PACKAGES = [
  "@hibob-learners/lms-emulators",
  "@hibob-learners/emulator-kit",
  "scimmy",
  "better-auth",
  "@better-auth/scim",
];
const HIBOB_EMULATOR = "packages/hibob-emulator";
const SKIPPED = new Set(["node_modules", "dist", ".git"]);

interface Contents {
  /** Repository files whose content (as is, or compiled) can be in the image. */
  readonly files: Set<string>;
  /** Packages in the image's node_modules. */
  readonly packages: Set<string>;
}

const normal = (path: string): string => posix.normalize(path).replace(/^\.\//, "").replace(/\/$/, "") || ".";
const within = (path: string, folder: string): boolean =>
  folder === "." || path === folder || path.startsWith(`${folder}/`);

async function repositoryFiles(path: string): Promise<string[]> {
  const entries = await readdir(join(REPO_ROOT, path), { withFileTypes: true }).catch(() => undefined);
  if (entries === undefined) return [path];
  const nested = await Promise.all(
    entries
      .filter((entry) => !SKIPPED.has(entry.name))
      .map((entry) => repositoryFiles(path === "." ? entry.name : `${path}/${entry.name}`)),
  );
  return nested.flat();
}

function stageNamed(all: readonly Stage[], name: string): Stage {
  const stage = all.find((candidate) => candidate.name === name);
  if (stage === undefined) throw new Error(`Dockerfile has no stage ${name}`);
  return stage;
}

/** A COPY line's --from stage (undefined for the build context) and its sources. */
function copy(line: string): { from: string | undefined; sources: string[] } {
  const words = line.split(/\s+/);
  const from = words.map((word) => /^--from=(.+)$/.exec(word)?.[1]).find((value) => value !== undefined);
  return { from, sources: words.filter((word) => !word.startsWith("--")).slice(0, -1) };
}

/** The context paths that COPY lines bring into a stage (and the stages it is built on). */
function contextPaths(all: readonly Stage[], stage: Stage): string[] {
  return inherited(all, stage, "COPY")
    .map(copy)
    .filter(({ from }) => from === undefined)
    .flatMap(({ sources }) => sources.map(normal));
}

/** The sources a compiled folder (`dist`, `packages/x/dist`) is built from, per its tsconfig.build.json. */
function compiledFrom(dist: string): string[] {
  const dir = posix.dirname(dist);
  const path = join(REPO_ROOT, dir, "tsconfig.build.json");
  const { config, error } = ts.readConfigFile(path, (file) => ts.sys.readFile(file));
  const include = (config as { include?: string[] } | undefined)?.include;
  if (error !== undefined || include === undefined)
    throw new Error(`${dist}: no tsconfig.build.json with include`);
  return include.map((folder) => normal(posix.join(dir, folder)));
}

async function contentsOf(all: readonly Stage[], lock: Lockfile, image: string): Promise<Contents> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const add = async (path: string): Promise<void> => {
    for (const file of await repositoryFiles(path)) files.add(file);
  };
  for (const line of inherited(all, stageNamed(all, image), "COPY")) {
    const { from, sources } = copy(line);
    if (from === undefined) {
      for (const source of sources) await add(normal(source));
      continue;
    }
    const stage = stageNamed(all, from);
    const workdir = inherited(all, stage, "WORKDIR").at(-1) ?? "/";
    const copied = contextPaths(all, stage);
    const present = (path: string): boolean => copied.some((source) => within(path, source));
    for (const source of sources) {
      const path = normal(posix.relative(workdir, source));
      if (path.startsWith("..")) throw new Error(`${line}: ${source} is outside ${workdir}`);
      if (within(path, "node_modules")) {
        const options = installOptions(inherited(all, stage, "RUN"));
        if (options === undefined) throw new Error(`${line}: stage ${from} installs no node_modules`);
        for (const installed of installedPackages(lock, options)) {
          packages.add(installed.name);
          // A workspace link brings what the stage holds of its folder.
          for (const held of copied.filter(
            (source) => installed.linkTo !== undefined && within(source, installed.linkTo),
          ))
            await add(held);
        }
      } else if (posix.basename(path) === "dist") {
        for (const origin of compiledFrom(path)) {
          if (!present(origin)) throw new Error(`${line}: stage ${from} has no ${origin} to compile`);
          await add(origin);
        }
      } else {
        if (!present(path)) throw new Error(`${line}: stage ${from} did not copy ${path} from the context`);
        await add(path);
      }
    }
  }
  return { files, packages };
}

describe("what the images hold", async () => {
  const all = stages(await readFile(join(REPO_ROOT, "Dockerfile"), "utf8"));
  const lock = JSON.parse(await readFile(join(REPO_ROOT, "package-lock.json"), "utf8")) as Lockfile;
  const runner = await contentsOf(all, lock, "hibob-learners");

  it.each([
    { image: "source-hibob", forbidden: [...TEST_ONLY_FOLDERS, HIBOB_EMULATOR] },
    { image: "destination-learners", forbidden: [...TEST_ONLY_FOLDERS, HIBOB_EMULATOR] },
    { image: "hibob-learners", forbidden: TEST_ONLY_FOLDERS },
  ])("$image: no learning-platform emulator and no scimmy", async ({ image, forbidden }) => {
    const { files, packages } = await contentsOf(all, lock, image);
    expect(files.size).toBeGreaterThan(0);
    expect([...files].filter((file) => forbidden.some((folder) => within(file, folder)))).toEqual([]);
    expect([...packages].filter((name) => TEST_ONLY_PACKAGES.includes(name))).toEqual([]);
    expect(packages).toContain("better-sqlite3");
  });

  it("the runner's image holds the compiled HiBob emulator, for demo and emulate", async () => {
    const emulatorSources = (await repositoryFiles(`${HIBOB_EMULATOR}/src`)).filter(
      (file) => !file.endsWith(".test.ts"),
    );
    expect(emulatorSources.length).toBeGreaterThan(0);
    for (const file of [...emulatorSources, `${HIBOB_EMULATOR}/package.json`])
      expect(runner.files).toContain(file);
    const { dependencies = {} } = JSON.parse(
      await readFile(join(REPO_ROOT, HIBOB_EMULATOR, "package.json"), "utf8"),
    ) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(dependencies)) expect(runner.packages).toContain(name);
  });
});
