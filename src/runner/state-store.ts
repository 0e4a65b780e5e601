import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { access, appendFile, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError, descriptorKey, StateMessage } from "../protocol/index.js";
import { isRecord } from "../shared/is-record.js";
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

/** The state directory cannot be used: nothing of the sync, not even its report, could be kept. */
export class StateDirError extends Error {
  override readonly name = "StateDirError";
}

/**
 * Makes sure the runner can keep its files in `stateDir` before a sync starts, creating it when missing: a sync
 * whose states and report cannot be saved must not run. A folder this user cannot write is only found when not
 * running as root (root writes anywhere but on a read-only file system, which is found the same way).
 */
export async function prepareStateDir(stateDir: string): Promise<void> {
  const named = `--state-dir '${stateDir}'`;
  try {
    await mkdir(stateDir, { recursive: true });
    if (!(await stat(stateDir)).isDirectory())
      throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
    await access(stateDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTDIR") {
      throw new StateDirError(
        `${named} is a file or lies under one, not a folder. Give --state-dir a folder (it is created when missing).`,
      );
    }
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new StateDirError(
        `${named} is not writable by this user (${code}). Give --state-dir a folder this user may write, ` +
          "or make it writable (in the image: owned by the airbyte user).",
      );
    }
    throw new StateDirError(`${named} cannot be used (${code ?? String(error)}).`);
  }
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
  const saved = await readJson(
    folder.identityFile,
    "The connection's binding",
    "Run `hibob-learners reset` with the same flags (the next sync then runs as a first sync) or restore it from a backup.",
  );
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

/**
 * The file's JSON, or undefined when there is no such file. One that is not JSON (cut short by a full disk, edited
 * by hand) is a ConfigError naming the file (`what` and its path) and the `fix`: the user must act on it.
 */
async function readJson(path: string, what: string, fix: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${what} ${path} is not valid JSON: ${detail}. ${fix}`, { cause: error });
  }
}

const STATE_FIX = "Delete it (the next sync then runs as a first sync) or restore it from a backup.";

/** The saved states, or none on a first run; a file that is not a list of state messages names itself and the fix. */
export async function readSavedState(folder: ConnectionFolder): Promise<StateMessage[]> {
  const what = "The saved state";
  const parsed = await readJson(folder.stateFile, what, STATE_FIX);
  if (parsed === undefined) return [];
  const refuse = (why: string): ConfigError =>
    new ConfigError(`${what} ${folder.stateFile} is not an array of state messages${why}. ${STATE_FIX}`);
  if (!Array.isArray(parsed)) throw refuse("");
  return parsed.map((entry: unknown, index) => {
    const state = StateMessage.safeParse(entry);
    // Not zod's parsed copy: a state is opaque, echoed as it came, unknown keys and all.
    if (state.success && typeof entry === "object") return entry as StateMessage;
    throw refuse(`: entry ${index + 1} is not one`);
  });
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
  // Unique per write: two writers in one process (the console's requests) must not share a temporary file.
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export async function saveState(folder: ConnectionFolder, states: readonly StateMessage[]): Promise<void> {
  await mkdir(folder.dir, { recursive: true });
  await writeAtomically(folder.stateFile, `${JSON.stringify(states, null, 2)}\n`);
}

/**
 * Adds a run to the history. A crash mid-append leaves a last line without its newline: the entry then starts on
 * a line of its own, so the cut line stays the only one lost.
 */
export async function appendHistory(folder: ConnectionFolder, entry: object): Promise<void> {
  await mkdir(folder.dir, { recursive: true });
  const line = `${JSON.stringify(entry)}\n`;
  await appendFile(folder.historyFile, (await endsMidLine(folder.historyFile)) ? `\n${line}` : line);
}

/** Whether a file's last byte is something other than a newline (false for an empty or absent file). */
async function endsMidLine(path: string): Promise<boolean> {
  const file = await open(path, "r").catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  });
  if (file === undefined) return false;
  try {
    const { size } = await file.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await file.close();
  }
}

/** runs.jsonl as read: its entries, and the lines (1-based) that are not one, such as a line a crash cut short. */
export interface RunHistory {
  readonly entries: Record<string, unknown>[];
  readonly damagedLines: number[];
}

/**
 * The runs of the history, oldest first. A line that is not a JSON object (cut short by a crash, damaged on disk)
 * is skipped and its number kept: the history is a record for people, and one lost line must not hide the others.
 */
export async function readHistory(folder: ConnectionFolder): Promise<RunHistory> {
  const text = await readFile(folder.historyFile, "utf8").catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  });
  const entries: Record<string, unknown>[] = [];
  const damagedLines: number[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const entry = parsedJson(line);
    if (isRecord(entry)) entries.push(entry);
    else damagedLines.push(index + 1);
  });
  return { entries, damagedLines };
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
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
