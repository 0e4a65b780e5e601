import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A bench helper script beside this module (bench/lib). */
export const script = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** The built connector bins, as the runner starts them. */
export const bin = (name: "source-hibob" | "destination-learners"): string =>
  fileURLToPath(new URL(`../../dist/bin/${name}.js`, import.meta.url));

/** Runs `body` with a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${prefix}-`));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function writeJson(path: string, value: unknown): Promise<string> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}
