import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../protocol/index.js";
import type { ConnectionFolder } from "./state-store.js";
import { connectionFolder } from "./state-store.js";
import { DEFAULT_STALE_MS, lockFolder } from "./sync-lock.js";

// proper-lockfile's floor: a held lock is refused after this plus the 2 s margin.
const SHORT = { staleMs: 2_000 };

describe("the sync lock", () => {
  let stateDir: string;
  let folder: ConnectionFolder;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "sync-lock-"));
    folder = connectionFolder(stateDir, "source-to-lms");
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it("refuses a second sync while the first holds it, saying what to do if none runs", async () => {
    const release = await lockFolder(folder, SHORT);
    expect((await stat(folder.lockFile)).isDirectory()).toBe(true);
    const started = Date.now();
    const refused = await lockFolder(folder, SHORT).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toBe(
      `Another sync of this connection is running: it keeps ${folder.lockFile} fresh. Wait for it to end. ` +
        `If no sync of this connection runs, delete the ${folder.lockFile} directory.`,
    );
    // It waited past the stale time: the holder kept the lock fresh all along.
    expect(Date.now() - started).toBeGreaterThanOrEqual(SHORT.staleMs);
    await release();
  });

  it("is free again once released", async () => {
    const release = await lockFolder(folder);
    await release();
    await expect(stat(folder.lockFile)).rejects.toMatchObject({ code: "ENOENT" });
    const started = Date.now();
    const again = await lockFolder(folder);
    // Without waiting for a lock to go stale (a loaded machine may still take a moment).
    expect(Date.now() - started).toBeLessThan(DEFAULT_STALE_MS / 2);
    await again();
  });

  it("takes over at once a lock nobody has refreshed for longer than the stale time", async () => {
    await mkdir(folder.lockFile, { recursive: true });
    const old = new Date(Date.now() - DEFAULT_STALE_MS - 60_000);
    await utimes(folder.lockFile, old, old);
    const started = Date.now();
    const release = await lockFolder(folder);
    // Without waiting for a lock to go stale (a loaded machine may still take a moment).
    expect(Date.now() - started).toBeLessThan(DEFAULT_STALE_MS / 2);
    expect((await stat(folder.lockFile)).mtimeMs).toBeGreaterThan(old.getTime() + 60_000);
    await release();
  });

  it("is not blocked by an older version's sync.lock file naming a live process id", async () => {
    await mkdir(folder.dir, { recursive: true });
    // PID 1: the runner itself in a container, always alive.
    await writeFile(folder.lockFile, "1");
    const started = Date.now();
    const release = await lockFolder(folder);
    // Without waiting for a lock to go stale (a loaded machine may still take a moment).
    expect(Date.now() - started).toBeLessThan(DEFAULT_STALE_MS / 2);
    expect((await stat(folder.lockFile)).isDirectory()).toBe(true);
    await release();
  });

  it("survives losing the lock: release neither throws nor removes the lock of the sync that took it", async () => {
    const first = await lockFolder(folder, SHORT);
    // Someone follows the refusal's advice while the first sync still runs.
    await rm(folder.lockFile, { recursive: true });
    const second = await lockFolder(folder, SHORT);
    // The first holder's next refresh (every second here) finds an mtime that is not its own.
    await sleep(1_500);
    await first();
    expect((await stat(folder.lockFile)).isDirectory()).toBe(true);
    await second();
    await expect(stat(folder.lockFile)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("takes over, at the production defaults, the lock of a sync killed with SIGKILL just before", async () => {
    const script = join(stateDir, "holder.mts");
    const source = (name: string): string =>
      fileURLToPath(new URL(`./${name}.js`, import.meta.url)).replace(/\.js$/, ".ts");
    await writeFile(
      script,
      `import { connectionFolder } from ${JSON.stringify(source("state-store"))};
         import { lockFolder } from ${JSON.stringify(source("sync-lock"))};
         await lockFolder(connectionFolder(${JSON.stringify(stateDir)}, "source-to-lms"));
         process.stdout.write("locked\\n");
         setInterval(() => {}, 60_000);`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [first] = (await once(child.stdout, "data")) as [Buffer];
    expect(first.toString(), stderr).toBe("locked\n");

    child.kill("SIGKILL");
    await once(child, "exit");
    expect(child.signalCode).toBe("SIGKILL");
    expect((await stat(folder.lockFile)).isDirectory()).toBe(true);

    // The dead holder's lock goes stale within the wait; a lock still refreshed would make this throw.
    const release = await lockFolder(folder);
    expect((await stat(folder.lockFile)).isDirectory()).toBe(true);
    await release();
  }, 20_000);
});
