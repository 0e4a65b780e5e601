import { lstat, mkdir, unlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { resolve } from "node:path";
import { lock } from "proper-lockfile";
import { ConfigError } from "../protocol/index.js";
import type { ConnectionFolder } from "./state-store.js";

/**
 * How old the lock's mtime may grow before another sync takes it over. The holder refreshes it every
 * STALE_MS / 5, so only a holder that is gone (or whose event loop stalled for seconds, which the runner's does
 * not: it only pipes between processes) lets it age; a restarted container waits at most this long.
 */
export const DEFAULT_STALE_MS = 10_000;
/** Polls a held lock this often while waiting for it to go stale. */
const POLL_MS = 250;
/** Waits this much past the stale time, so a lock left by a sync killed just before this one is taken over. */
const RETRY_MARGIN_MS = 2_000;

export interface SyncLockOptions {
  /** The stale time in ms; at least 2000 (proper-lockfile's floor). */
  readonly staleMs?: number;
}

/**
 * Takes the connection for one sync: a second sync of the same connection (a cron run overlapping a manual one)
 * would interleave states. The lock is a `sync.lock` directory whose mtime the holder keeps fresh, not a process
 * id: ids are reused (the runner is PID 1 in every container), so a lock left by a kill -9 named a live process.
 * A lock nobody refreshes goes stale and is taken over; one still refreshed after the wait refuses the sync.
 */
export async function lockFolder(
  folder: ConnectionFolder,
  options: SyncLockOptions = {},
): Promise<() => Promise<void>> {
  const stale = options.staleMs ?? DEFAULT_STALE_MS;
  const lockDir = resolve(folder.lockFile);
  await mkdir(folder.dir, { recursive: true });
  await removeLegacyLock(lockDir);

  // proper-lockfile throws ECOMPROMISED from a timer by default, which would kill the runner mid-sync and lose its
  // report. The lock is compromised only when this process failed to refresh it in time and another sync took it
  // over, or someone deleted it: the sync's states are saved as they are echoed either way, so it is safer to
  // finish. Release then leaves the directory alone, since it is no longer ours.
  let compromised = false;
  const deadline = Date.now() + stale + RETRY_MARGIN_MS;
  for (;;) {
    try {
      const release = await lock(resolve(folder.dir), {
        lockfilePath: lockDir,
        realpath: false,
        stale,
        update: stale / 5,
        onCompromised: () => {
          compromised = true;
        },
      });
      return async () => {
        if (!compromised) await release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (Date.now() >= deadline) {
        throw new ConfigError(
          `Another sync of this connection is running: it keeps ${folder.lockFile} fresh. Wait for it to ` +
            `end. If no sync of this connection runs, delete the ${folder.lockFile} directory.`,
          { cause: error },
        );
      }
    }
    await sleep(POLL_MS);
  }
}

/**
 * Earlier versions wrote the holder's process id into a regular `sync.lock` file. Ids are reused, so it says
 * nothing about a running sync: it is removed. (A sync of such a version still running during an upgrade is not
 * seen; stop it first.)
 */
async function removeLegacyLock(path: string): Promise<void> {
  const stat = await lstat(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  });
  if (stat === null || stat.isDirectory()) return;
  await unlink(path).catch((error: unknown) => {
    // Another new sync removed it first, and may have made its lock directory there since.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "EISDIR" && code !== "EPERM") throw error;
  });
}
