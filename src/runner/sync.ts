import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ConfiguredCatalog, StateMessage } from "../protocol/index.js";
import { ConnectorError, Redactor } from "../protocol/index.js";
import type { ConnectionConfigs } from "./connection-configs.js";
import { connectionIdentity, loadConnectionConfigs } from "./connection-configs.js";
import type { ConnectorCommand } from "./connector-process.js";
import { connectorCommand } from "./connector-process.js";
import { configuredCatalog, UnknownStreamError } from "./configured-catalog.js";
import { discoverCatalog } from "./discover.js";
import { pipeConnectors } from "./pipe.js";
import type { ProgressView } from "./progress-view.js";
import { reportHtml } from "./report-html.js";
import { reportJson } from "./report-json.js";
import { directoryTrust } from "./directory-trust.js";
import type { EmployeeOutcome } from "./open-rejects.js";
import { settleRejects } from "./open-rejects.js";
import type { ConnectionFolder } from "./state-store.js";
import {
  appendHistory,
  claimFolder,
  connectionFolder,
  foldState,
  prepareStateDir,
  readDirectoryRecord,
  readOpenRejects,
  readSavedState,
  saveDirectoryRecord,
  saveOpenRejects,
  saveState,
} from "./state-store.js";
import { lockFolder } from "./sync-lock.js";
import type { RunFailure, SyncReport } from "./sync-report.js";
import { SyncTally } from "./sync-tally.js";

export interface SyncOptions {
  readonly sourceConfig: string;
  readonly destinationConfig: string;
  /** Streams to sync; the destination writes `employees`. */
  readonly streams?: readonly string[];
  readonly stateDir: string;
  readonly connection: string;
  readonly view: ProgressView;
  /** Aborting stops the source; what the destination committed is kept. */
  readonly signal?: AbortSignal;
  readonly connectors?: { readonly source: ConnectorCommand; readonly destination: ConnectorCommand };
  readonly now?: () => Date;
}

export interface SyncResult {
  readonly report: SyncReport;
  readonly files: { readonly json: string; readonly html: string };
}

const EMPTY_CATALOG: ConfiguredCatalog = { streams: [] };

/** How often the view is offered fresh counts; it draws at its own pace. */
const PROGRESS_TICK_MS = 100;

/**
 * One sync of a connection, as a platform runs it: validate both configs, `discover`, build the configured
 * catalog, then `source read | destination write` from the saved state, when that state still describes the
 * learner directory. Each state the destination echoes is saved at once (atomically), so a failed or stopped run
 * keeps every checkpoint committed before it and the next run resumes there. A dry run saves nothing. Ends with
 * a report, a line in the run history, and JSON and HTML report files.
 */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  // Where nothing can be kept, not even the report, no sync starts: the StateDirError goes to the command line.
  await prepareStateDir(options.stateDir);
  const now = options.now ?? (() => new Date());
  const started = now();
  const folder = connectionFolder(options.stateDir, options.connection);
  const connectors = options.connectors ?? {
    source: connectorCommand("source-hibob"),
    destination: connectorCommand("destination-learners"),
  };
  let tally = new SyncTally(EMPTY_CATALOG);
  const redactor = new Redactor();
  let learnerDirectory: string | null = null;
  let checkpoints = 0;
  let unlock = (): Promise<void> => Promise.resolve();

  try {
    const configs = await loadConnectionConfigs(
      { source: options.sourceConfig, destination: options.destinationConfig },
      redactor,
    );
    const dryRun = configs.destination.dry_run;
    learnerDirectory = directoryOf(configs);
    tally = new SyncTally(EMPTY_CATALOG, dryRun);
    // A preview may point anywhere: only a real sync binds the connection to its source and target.
    await claimFolder(folder, connectionIdentity(configs), { bind: !dryRun });
    unlock = await lockFolder(folder);
    const discovered = await discoverCatalog(connectors.source, options.sourceConfig).catch(
      (error: unknown) => {
        throw new FailedRun(runnerFailure(error, "source"));
      },
    );
    const catalog = configuredCatalog(discovered, options.streams);
    tally = new SyncTally(catalog, dryRun);
    const warn = (text: string): void => {
      tally.warn(text);
      options.view.log("hibob-learners", "WARN", text);
    };
    const saved = await trustedState(folder, learnerDirectory, warn, dryRun);
    await mkdir(folder.dir, { recursive: true });
    await writeFile(folder.catalogFile, `${JSON.stringify(catalog, null, 2)}\n`);

    let states: StateMessage[] = saved;
    const live = tally;
    const ticker = setInterval(() => {
      options.view.progress(live.progress(), Date.now());
    }, PROGRESS_TICK_MS);
    await pipeConnectors({
      source: connectors.source,
      destination: connectors.destination,
      sourceArgs: [
        "read",
        ...["--config", options.sourceConfig, "--catalog", folder.catalogFile],
        ...(saved.length === 0 ? [] : ["--state", folder.stateFile]),
      ],
      destinationArgs: ["write", "--config", options.destinationConfig, "--catalog", folder.catalogFile],
      tally,
      onState: async (state) => {
        // A dry run's destination echoes none; were one echoed, saving it would skip what was only planned.
        if (dryRun) return;
        states = foldState(states, state);
        await saveState(folder, states);
        checkpoints += 1;
      },
      onLog: (origin, level, text) => {
        options.view.log(origin, level, redactor.redact(text));
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }).finally(() => {
      clearInterval(ticker);
      // The last records may have come after the last tick: the view is offered the whole read once more.
      options.view.progress(live.progress(), Date.now());
    });
    if (!dryRun && learnerDirectory !== null) await rememberDirectory(folder, learnerDirectory);
  } catch (error) {
    tally.failed(error instanceof FailedRun ? error.failure : runnerFailure(error, "runner"));
  } finally {
    options.view.end();
  }

  try {
    const report = redacted(
      await withRetriedRejects(
        folder,
        tally.outcomes(),
        tally.report({
          connection: options.connection,
          run_id: runId(started),
          started_at: started.toISOString(),
          ended_at: now().toISOString(),
          state: { file: resolve(folder.stateFile), checkpoints },
          learner_directory: learnerDirectory,
        }),
      ),
      redactor,
    );
    const files = await writeReports(folder, report);
    await appendHistory(folder, historyEntry(report, files));
    return { report, files };
  } finally {
    await unlock();
  }
}

/**
 * The saved states to resume from. For a sqlite target they must be about the directory as the last real sync
 * left it: an incremental stream's state saved for a file that is gone, replaced or restored from a backup would
 * skip what that file lacks. Such a state is set aside (and cleared, so a failed run cannot bring it back), the
 * sync starts afresh, and the user is told: `employees` is read in full anyway, but what else was lost is not.
 */
async function trustedState(
  folder: ConnectionFolder,
  directory: string | null,
  warn: (text: string) => void,
  dryRun: boolean,
): Promise<StateMessage[]> {
  const saved = await readSavedState(folder);
  if (saved.length === 0 || directory === null) return saved;
  const { readDirectoryMark } = await import("../destination-learners/targets/sqlite.js");
  const found = existsSync(directory) ? readDirectoryMark(directory) : "gone";
  const trust = directoryTrust(directory, await readDirectoryRecord(folder), found);
  if (trust.trusted) return saved;
  warn(
    `The saved state of this connection cannot be trusted: ${trust.reason}. ` +
      "This sync starts afresh, as a first sync would.",
  );
  if (!dryRun) await saveState(folder, []);
  return [];
}

/** Records the mark the sync left on the sqlite directory, which the next sync's saved state is about. */
async function rememberDirectory(folder: ConnectionFolder, directory: string): Promise<void> {
  const { readDirectoryMark } = await import("../destination-learners/targets/sqlite.js");
  const mark = readDirectoryMark(directory);
  if (mark !== null) await saveDirectoryRecord(folder, mark);
}

/**
 * A real sync that succeeded retried every reject left open by the last one: the report says how many it
 * resolved and how many were left out, and its own rejects become the open ones.
 */
async function withRetriedRejects(
  folder: ConnectionFolder,
  outcomes: ReadonlyMap<string, EmployeeOutcome>,
  report: SyncReport,
): Promise<SyncReport> {
  if (report.dry_run || report.status !== "succeeded") return report;
  const earlier = await readOpenRejects(folder);
  const { open, retried } = settleRejects(earlier, report.rejects, outcomes, report.started_at);
  await saveOpenRejects(folder, open);
  return { ...report, retried_rejects: retried };
}

/** Sortable and safe as a file name on every system: `2026-11-23T17-00-00-000Z`. */
export const runId = (started: Date): string => started.toISOString().replace(/[:.]/g, "-");

function directoryOf(configs: ConnectionConfigs): string | null {
  const { target } = configs.destination;
  return target.type === "sqlite" ? resolve(target.path) : null;
}

/** A failure already attributed to the side that caused it. */
class FailedRun extends Error {
  constructor(readonly failure: RunFailure) {
    super(failure.message);
  }
}

function runnerFailure(error: unknown, origin: RunFailure["origin"]): RunFailure {
  if (error instanceof ConnectorError) {
    return {
      origin,
      stream: error.stream?.name ?? null,
      failure_type: error.failureType,
      message: error.message,
    };
  }
  if (error instanceof UnknownStreamError) {
    return { origin: "runner", stream: null, failure_type: "config_error", message: error.message };
  }
  return {
    origin: "runner",
    stream: null,
    failure_type: "system_error",
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * The report with secrets masked in what it says (a connector's stderr or a config error may quote one), never
 * in what it is: its ids, times, statuses, stream names and change actions stay as they were, whatever the secret.
 */
function redacted(report: SyncReport, redactor: Redactor): SyncReport {
  const masked = redactor.redactValues(report);
  const { connection, run_id, started_at, ended_at, status, streams, failure } = report;
  return {
    ...masked,
    ...{ connection, run_id, started_at, ended_at, status, streams },
    failure:
      failure === null || masked.failure === null
        ? null
        : {
            ...masked.failure,
            origin: failure.origin,
            stream: failure.stream,
            failure_type: failure.failure_type,
          },
    changes: masked.changes.map((change, index) => ({
      ...change,
      action: report.changes[index]?.action ?? change.action,
    })),
  };
}

async function writeReports(folder: ConnectionFolder, report: SyncReport): Promise<SyncResult["files"]> {
  await mkdir(folder.reportsDir, { recursive: true });
  const files = {
    json: resolve(join(folder.reportsDir, `${report.run_id}.json`)),
    html: resolve(join(folder.reportsDir, `${report.run_id}.html`)),
  };
  await writeFile(files.json, reportJson(report));
  await writeFile(files.html, reportHtml(report));
  return files;
}

function historyEntry(report: SyncReport, files: SyncResult["files"]): object {
  return {
    run_id: report.run_id,
    started_at: report.started_at,
    ended_at: report.ended_at,
    status: report.status,
    dry_run: report.dry_run,
    failure: report.failure,
    records_read: report.streams.reduce((sum, stream) => sum + stream.records_read, 0),
    learners: report.learners,
    rejects: report.rejects.length,
    retried_rejects: report.retried_rejects,
    checkpoints: report.state.checkpoints,
    reports: files,
  };
}
