import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staleBuild } from "./fresh-dist.js";

let root: string;
const T0 = new Date("2026-01-01T00:00:00Z");
const LATER = new Date("2026-01-02T00:00:00Z");

async function file(path: string, at: Date): Promise<void> {
  const full = join(root, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, "");
  await utimes(full, at, at);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "fresh-dist-"));
  await file("package.json", T0);
  await file("tsconfig.json", T0);
  await file("src/a.ts", T0);
  await file("src/runner/b.ts", T0);
  await file("dist/a.js", LATER);
  await file("dist/runner/b.js", LATER);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("staleBuild", () => {
  it("passes a build newer than every module and build input", async () => {
    await file("src/runner/b.test.ts", new Date("2026-02-01T00:00:00Z"));
    expect(await staleBuild(root)).toEqual([]);
  });

  it("names a module changed after its build, one without a build, and a build input changed since", async () => {
    const after = new Date("2026-01-03T00:00:00Z");
    await file("src/runner/b.ts", after);
    await file("src/c.ts", T0);
    await file("package.json", after);
    expect(await staleBuild(root)).toEqual([
      "src/c.ts has no build (dist/c.js)",
      "src/runner/b.ts changed after it was built",
      "package.json changed after the last build",
    ]);
  });

  it("compares the console's client sources with their one bundle, not module by module", async () => {
    await file("src/console/api-types.ts", T0);
    await file("dist/console/api-types.js", LATER);
    await file("src/console/client/main.ts", T0);
    expect(await staleBuild(root)).toEqual([
      "src/console/client/main.ts has no build (dist/console/client/console.js)",
      "src/console/api-types.ts has no build (dist/console/client/console.js)",
    ]);
    await file("dist/console/client/console.js", LATER);
    expect(await staleBuild(root)).toEqual([]);
    await file("src/console/client/main.ts", new Date("2026-01-03T00:00:00Z"));
    expect(await staleBuild(root)).toEqual(["src/console/client/main.ts changed after it was bundled"]);
  });
});
