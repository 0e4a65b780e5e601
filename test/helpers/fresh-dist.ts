// The suites that spawn the built bins test dist/, not src/: run against a build older than the sources, they
// would pass or fail for code that no longer exists. `freshDist()` refuses that with the fix (`npm run build`).
// It compares each module under src/ (and the HiBob emulator package's) with its build, and package.json and the tsconfigs with the oldest build;
// test files are not built, so editing one needs no build. `npm test` builds first, so it always passes there.
import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { REPO_ROOT } from "./spawn.js";

const BUILD_INPUTS = ["package.json", "tsconfig.json", "tsconfig.build.json"];

/** What the bins run: the product, and the HiBob emulator that `demo` and `emulate` load from its package. */
const BUILDS = [
  { src: "src", dist: "dist" },
  { src: "packages/hibob-emulator/src", dist: "packages/hibob-emulator/dist" },
];

/** The console's browser client is bundled by esbuild into one file, not compiled module by module. */
const BUNDLES = [
  {
    sources: ["src/console/client", "src/console/api-types.ts"],
    output: "dist/console/client/console.js",
  },
];
/** Folders only a bundle is built from (a shared module, such as api-types.ts, is also compiled on its own). */
const BUNDLED = new Set(["src/console/client"]);

async function modules(dir: string, root: string, skip: ReadonlySet<string> = BUNDLED): Promise<string[]> {
  if ((await stat(dir)).isFile()) return [dir];
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (skip.has(relative(root, path))) return [];
      if (entry.isDirectory()) return modules(path, root, skip);
      return entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
    }),
  );
  return nested.flat();
}

const mtime = async (path: string): Promise<number | null> => {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
};

/** Why dist/ cannot stand for src/ (the first few reasons), or an empty list when it can. */
export async function staleBuild(root = REPO_ROOT): Promise<string[]> {
  const problems: string[] = [];
  let oldestBuild = Infinity;
  for (const build of BUILDS) {
    const src = join(root, build.src);
    if ((await mtime(src)) === null) continue;
    for (const module of (await modules(src, root)).sort()) {
      const built = join(root, build.dist, relative(src, module)).replace(/\.ts$/, ".js");
      const [source, output] = await Promise.all([mtime(module), mtime(built)]);
      const name = relative(root, module);
      if (output === null) problems.push(`${name} has no build (${relative(root, built)})`);
      else {
        oldestBuild = Math.min(oldestBuild, output);
        if (source !== null && source > output) problems.push(`${name} changed after it was built`);
      }
    }
  }
  for (const bundle of BUNDLES) {
    const output = await mtime(join(root, bundle.output));
    for (const source of bundle.sources) {
      const path = join(root, source);
      if ((await mtime(path)) === null) continue;
      for (const module of (await modules(path, root, new Set())).sort()) {
        const name = relative(root, module);
        if (output === null) problems.push(`${name} has no build (${bundle.output})`);
        else if (((await mtime(module)) ?? 0) > output) problems.push(`${name} changed after it was bundled`);
      }
    }
    if (output !== null) oldestBuild = Math.min(oldestBuild, output);
  }
  for (const input of BUILD_INPUTS) {
    const changed = await mtime(join(root, input));
    if (changed !== null && changed > oldestBuild) problems.push(`${input} changed after the last build`);
  }
  return problems;
}

let checked: Promise<void> | undefined;

/** Resolves when dist/ is at least as new as src/; otherwise rejects, naming what changed and the fix. */
export function freshDist(): Promise<void> {
  checked ??= staleBuild().then((problems) => {
    if (problems.length === 0) return;
    const shown = problems.slice(0, 5).join("; ");
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
    throw new Error(
      `dist/ is older than src/: ${shown}${more}. These tests run the built bins: run \`npm run build\` ` +
        "first (`npm test` builds before it runs vitest).",
    );
  });
  return checked;
}
