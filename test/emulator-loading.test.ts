import { readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/spawn.js";

// The connectors and `sync` never load an emulator: every emulator package is reached, if at all, through a
// dynamic import() that only `demo` and `emulate` run. Read from the sources' import lines.

const EMULATORS = "@hibob-learners/";
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

async function productFiles(): Promise<string[]> {
  const entries = await readdir(join(REPO_ROOT, "src"), { recursive: true });
  return entries
    .map((entry) => `src/${entry.split(/[\\/]/).join("/")}`)
    .filter((path) => path.endsWith(".ts") && !path.endsWith(".test.ts"));
}

function specifiers(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1] ?? "");
}

describe("loading the HiBob emulator", async () => {
  const files = await productFiles();
  const texts = new Map(
    await Promise.all(
      files.map(async (path) => [path, await readFile(join(REPO_ROOT, path), "utf8")] as const),
    ),
  );

  /** The files a bin loads at start-up: its static imports, followed through src/. */
  function loadedAtStart(bin: string): Set<string> {
    const loaded = new Set<string>();
    const queue = [bin];
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      if (loaded.has(path)) continue;
      loaded.add(path);
      for (const specifier of specifiers(texts.get(path) ?? "", STATIC_IMPORT)) {
        if (specifier.startsWith("."))
          queue.push(posix.join(posix.dirname(path), specifier).replace(/\.js$/, ".ts"));
        else loaded.add(specifier);
      }
    }
    return loaded;
  }

  it.each(["src/bin/source-hibob.ts", "src/bin/destination-learners.ts", "src/bin/hibob-learners.ts"])(
    "%s loads no emulator at start-up",
    (bin) => {
      const loaded = [...loadedAtStart(bin)];
      expect(loaded.length).toBeGreaterThan(1);
      expect(
        loaded.filter((name) => name.startsWith(EMULATORS) || name.startsWith("src/emulators/")),
      ).toEqual([]);
    },
  );

  it("only the runner's loader imports an emulator, and only the HiBob one", () => {
    const importers = files.flatMap((path) =>
      specifiers(texts.get(path) ?? "", DYNAMIC_IMPORT)
        .filter((name) => name.startsWith(EMULATORS))
        .map((name) => `${path} -> ${name}`),
    );
    expect(importers).toEqual(["src/runner/load-emulator.ts -> @hibob-learners/hibob-emulator"]);
  });
});
