import { rm } from "node:fs/promises";
import { join } from "node:path";
import { NO_COUNTS } from "../learner-events/index.js";
import type { LogLevel } from "../protocol/index.js";
import type { ProgressView } from "../runner/progress-view.js";
import type { SyncProgress } from "../runner/sync-tally.js";
import { connectionFolder } from "../runner/state-store.js";
import type { SyncResult } from "../runner/sync.js";
import { runSync } from "../runner/sync.js";
import type { LiveProgress, RunEnded, RunKind, SyncEvent } from "./api-types.js";
import type { ConfigFile } from "./config-store.js";
import type { DestinationConfig } from "../destination-learners/config.js";

export interface SyncSessionOptions {
  readonly stateDir: string;
  readonly connection: string;
  readonly sourceConfig: string;
  readonly destination: ConfigFile<DestinationConfig>;
  /** Tests and the runner's own commands never need it; the console's log of each run. */
  readonly log?: (line: string) => void;
}

/** The tally's progress as the browser shows it: the counts, and how long Bob's rate limit still holds the read. */
export function liveProgress(
  kind: RunKind,
  startedAt: string,
  progress: SyncProgress,
  now: number,
): LiveProgress {
  return {
    kind,
    startedAt,
    dryRun: progress.dryRun,
    recordsRead: progress.recordsRead,
    recordsExpected: progress.recordsExpected,
    learners: progress.learners,
    rateLimitWaits: progress.rateLimitWaits,
    waitSecondsLeft:
      progress.waitingUntil !== null && progress.waitingUntil > now
        ? Math.ceil((progress.waitingUntil - now) / 1000)
        : null,
  };
}

/** How often the browser gets fresh counts; the tally is offered them every 100 ms. */
const SEND_EVERY_MS = 250;
const SHOWN_LEVELS: ReadonlySet<LogLevel> = new Set(["WARN", "ERROR", "FATAL"]);

/**
 * The console's syncs and previews: `runSync` itself (the same discover, catalog, read | write, saved states,
 * reports and history as `hibob-learners sync`), one at a time, with its progress passed to whoever listens. A
 * preview is the same run with the destination config's `dry_run` set, from a copy that is deleted afterwards.
 */
export class SyncSession {
  readonly #options: SyncSessionOptions;
  readonly #listeners = new Set<(event: SyncEvent) => void>();
  #current: LiveProgress | null = null;
  #abort: AbortController | null = null;
  #done: Promise<unknown> = Promise.resolve();

  constructor(options: SyncSessionOptions) {
    this.#options = options;
  }

  /** The run going on now, or null. */
  get current(): LiveProgress | null {
    return this.#current;
  }

  subscribe(listener: (event: SyncEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts a run unless one is going on; resolves when it ends (never rejects: a failure is in its report). */
  start(kind: RunKind): { started: true; done: Promise<SyncResult | null> } | { started: false } {
    if (this.#current !== null) return { started: false };
    const abort = new AbortController();
    this.#abort = abort;
    this.#current = {
      kind,
      startedAt: new Date().toISOString(),
      dryRun: kind === "preview",
      recordsRead: 0,
      recordsExpected: null,
      learners: NO_COUNTS,
      rateLimitWaits: 0,
      waitSecondsLeft: null,
    };
    // #run frees the session itself, before it tells the browser the run ended.
    const done = this.#run(kind, abort.signal);
    this.#done = done;
    // The browser shows the run at once, before the first count arrives.
    this.#emit({ type: "progress", progress: this.#current });
    return { started: true, done };
  }

  /** Stops the running one at its next checkpoint (what it committed is kept). */
  stop(): void {
    this.#abort?.abort();
  }

  /** Resolves once no run is going on (its report and history line written). */
  async idle(): Promise<void> {
    await this.#done;
  }

  async #run(kind: RunKind, signal: AbortSignal): Promise<SyncResult | null> {
    const { result, ended } = await this.#sync(kind, signal);
    // Free before telling: a browser that starts the next run on "ended" must find none running.
    this.#current = null;
    this.#abort = null;
    this.#emit({ type: "ended", ended });
    return result;
  }

  async #sync(kind: RunKind, signal: AbortSignal): Promise<{ result: SyncResult | null; ended: RunEnded }> {
    const folder = connectionFolder(this.#options.stateDir, this.#options.connection);
    const preview = join(folder.dir, "preview-destination.json");
    let destinationConfig = this.#options.destination.path;
    try {
      if (kind === "preview") {
        const raw = (await this.#options.destination.read()) ?? {};
        await this.#options.destination.writeTo(preview, { ...raw, dry_run: true });
        destinationConfig = preview;
      }
      const result = await runSync({
        sourceConfig: this.#options.sourceConfig,
        destinationConfig,
        stateDir: this.#options.stateDir,
        connection: this.#options.connection,
        view: this.#view(kind),
        signal,
      });
      const { report } = result;
      this.#options.log?.(`${kind === "preview" ? "Preview" : "Sync"} ${report.run_id} ${report.status}.`);
      const message = report.failure?.message ?? null;
      return { result, ended: { kind, runId: report.run_id, status: report.status, message } };
    } catch (error) {
      // runSync reports its own failures; what reaches here kept it from starting (a state folder it cannot use).
      const message = error instanceof Error ? error.message : String(error);
      return { result: null, ended: { kind, runId: "", status: "failed", message } };
    } finally {
      if (kind === "preview") await rm(preview, { force: true });
    }
  }

  #view(kind: RunKind): ProgressView {
    let sent = 0;
    return {
      progress: (progress, now) => {
        const current = this.#current;
        if (current === null) return;
        this.#current = liveProgress(kind, current.startedAt, progress, now);
        if (now - sent < SEND_EVERY_MS) return;
        sent = now;
        this.#emit({ type: "progress", progress: this.#current });
      },
      log: (origin, level, text) => {
        if (SHOWN_LEVELS.has(level)) this.#emit({ type: "log", level, origin, text });
      },
      end: () => {
        if (this.#current !== null) this.#emit({ type: "progress", progress: this.#current });
      },
    };
  }

  #emit(event: SyncEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
