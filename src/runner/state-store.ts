import { appendFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { StateMessage } from "../protocol/index.js";
import { ConfigError, descriptorKey } from "../protocol/index.js";
import type { DirectoryMark } from "../destination-learners/targets/sqlite.js";
import type { ConnectionIdentity } from "./connection-configs.js";
import type { OpenReject } from "./open-rejects.js";
import { OpenRejects } from "./open-rejects.js";

/** Where the runner keeps its state when not told otherwise, relative to the working directory. */
export const DEFAULT_STATE_DIR = ".hibob-learners";

/**
 * One connection's folder in the state directory:
 *   sync.lock/       the lock of the sync running now, if any (see sync-lock.ts)
 *   connection.json  the Bob service user and learner target the state is about
 *   state.json       the states the destination echoed, one per stream: the next run's `--state`
 *   directory.json   the mark of the sqlite learner directory as the last real sync left it
 *   rejects.json     the employees the last complete sync could not write, and since when
 *   catalog.json     the configured catalog of the latest run
 *   runs.jsonl       one line per run: when, how it ended, its counts and report files
 *   reports/         <run id>.json and <run id>.html
 */
export interface ConnectionFolder {
  readonly dir: string;
  readonly identityFile: string;
  readonly lockFile: string;
  readonly stateFile: string;
  readonly directoryFile: string;
  readonly rejectsFile: string;
  readonly catalogFile: string;
  readonly historyFile: string;
  readonly reportsDir: string;
}

export function connectionFolder(stateDir: string, connection: string): ConnectionFolder {
  const dir = join(stateDir, connection);
  return {
    dir,
    identityFile: join(dir, "connection.json"),
    lockFile: join(dir, "sync.lock"),
    stateFile: join(dir, "state.json"),
    directoryFile: join(dir, "directory.json"),
    rejectsFile: join(dir, "rejects.json"),
    catalogFile: join(dir, "catalog.json"),
    historyFile: join(dir, "runs.jsonl"),
    reportsDir: join(dir, "reports"),
  };
}

/** A connection name is a folder name: letters, digits, dot, dash and underscore. */
export function isConnectionName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name);
}

/**
 * Binds the folder to the configs' source and target on first use, and refuses a later run whose configs point
 * elsewhere: the state, the directory mark and the open rejects are about the first pair, and a saved
 * incremental cursor would skip everyone the other target has never seen.
 */
export async function claimFolder(
  folder: ConnectionFolder,
  identity: ConnectionIdentity,
  { bind = true }: { readonly bind?: boolean } = {},
): Promise<void> {
  const saved = await readJson(folder.identityFile);
  if (saved === undefined) {
    if (!bind) return;
    await mkdir(folder.dir, { recursive: true });
    await writeAtomically(folder.identityFile, `${JSON.stringify(identity, null, 2)}\n`);
    return;
  }
  const before = (typeof saved === "object" && saved !== null ? saved : {}) as Partial<ConnectionIdentity>;
  for (const key of ["source", "target"] as const) {
    if (before[key] === identity[key]) continue;
    throw new ConfigError(
      `The connection in ${folder.dir} syncs ${key} ${String(before[key])}, but the configs now name ` +
        `${identity[key]}. Give this pair another --connection name (it starts as a first sync), or run ` +
        "`hibob-learners reset` with the same flags to start this connection over, keeping its history.",
    );
  }
}

/** The file's JSON, or undefined when there is no such file. */
async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The saved states, or none on a first run. */
export async function readSavedState(folder: ConnectionFolder): Promise<StateMessage[]> {
  const parsed = await readJson(folder.stateFile);
  if (parsed === undefined) return [];
  if (!Array.isArray(parsed)) throw new Error(`${folder.stateFile} is not an array of state messages.`);
  return parsed as StateMessage[];
}

/**
 * The saved states with an echoed one folded in: a STREAM state replaces its stream's, a GLOBAL one replaces
 * everything. The destination's counts are this run's, not state, so they are dropped.
 */
export function foldState(saved: readonly StateMessage[], echoed: StateMessage): StateMessage[] {
  const { destinationStats, sourceStats, ...state } = echoed;
  if (state.type !== "STREAM" || state.stream === undefined) return [state];
  const key = descriptorKey(state.stream.stream_descriptor);
  const others = saved.filter(
    (entry) =>
      entry.type === "STREAM" &&
      entry.stream !== undefined &&
      descriptorKey(entry.stream.stream_descriptor) !== key,
  );
  return [...others, state];
}

/** Writes a file whole or not at all: a crash mid-write leaves the previous version. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export async function saveState(folder: ConnectionFolder, states: readonly StateMessage[]): Promise<void> {
  await mkdir(folder.dir, { recursive: true });
  await writeAtomically(folder.stateFile, `${JSON.stringify(states, null, 2)}\n`);
}

export async function appendHistory(folder: ConnectionFolder, entry: object): Promise<void> {
  await mkdir(folder.dir, { recursive: true });
  await appendFile(folder.historyFile, `${JSON.stringify(entry)}\n`);
}

/**
 * A file the runner derives and rewrites after each sync (the directory mark, the open rejects): one that is
 * absent, unreadable as JSON or of the wrong shape reads as none, since the next sync writes it afresh.
 */
async function readDerived<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The directory mark the last real sync left, or undefined when none was recorded. */
export async function readDirectoryRecord(folder: ConnectionFolder): Promise<DirectoryMark | undefined> {
  return readDerived(folder.directoryFile, DirectoryMarkRecord);
}

export async function saveDirectoryRecord(folder: ConnectionFolder, mark: DirectoryMark): Promise<void> {
  await writeAtomically(folder.directoryFile, `${JSON.stringify(mark, null, 2)}\n`);
}

const DirectoryMarkRecord = z.object({ id: z.string(), generation: z.int() });

/** The rejects the last real sync that succeeded left open; none when no such sync ran. */
export async function readOpenRejects(folder: ConnectionFolder): Promise<OpenReject[]> {
  return (await readDerived(folder.rejectsFile, OpenRejects)) ?? [];
}

export async function saveOpenRejects(folder: ConnectionFolder, open: readonly OpenReject[]): Promise<void> {
  await writeAtomically(folder.rejectsFile, `${JSON.stringify(open, null, 2)}\n`);
}

/**
 * Forgets what the connection's next sync would resume from or be bound to (state, directory mark, open rejects,
 * catalog, the bound source and target), keeping its run history and reports.
 */
export async function resetConnection(folder: ConnectionFolder): Promise<void> {
  for (const file of [
    folder.stateFile,
    folder.directoryFile,
    folder.rejectsFile,
    folder.catalogFile,
    folder.identityFile,
  ]) {
    await rm(file, { force: true });
  }
}
