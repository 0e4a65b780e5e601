import type { Totals } from "../destination-learners/report.js";
import {
  NO_TOTALS,
  parseChangeLine,
  parseMoreLine,
  parseRejectLine,
  parseSummary,
} from "../destination-learners/report.js";
import type { AirbyteMessage, ConfiguredCatalog, TraceMessage } from "../protocol/index.js";
import { descriptorKey } from "../protocol/index.js";
import type { LearnerChangeEntry, RejectEntry, RunFailure, StreamReport, SyncReport } from "./sync-report.js";

/** What a live view shows while a sync runs. */
export interface SyncProgress {
  /** The counts are what a real run would do. */
  readonly dryRun: boolean;
  readonly recordsRead: number;
  readonly learners: Totals;
  readonly rateLimitWaits: number;
  /** When the source is pausing for a rate limit, until when (epoch ms). */
  readonly waitingUntil: number | null;
}

type StreamStatus = StreamReport["status"];

const STATUS_OF: Readonly<Record<string, StreamStatus>> = {
  STARTED: "running",
  RUNNING: "running",
  COMPLETE: "complete",
  INCOMPLETE: "incomplete",
};

/** Warnings kept for the report; a flood of one kind must not grow it without bound. */
const MAX_WARNINGS = 200;

/**
 * Everything a sync report says, gathered from the two connectors' messages as they pass: records read per
 * stream (source), states and their committed counts, learner changes, rejects and totals (destination), rate
 * limit pauses and the first error of either side.
 */
export class SyncTally {
  readonly #streams = new Map<string, { name: string; sync_mode: StreamReport["sync_mode"] }>();
  readonly #read = new Map<string, number>();
  readonly #committed = new Map<string, number>();
  readonly #status = new Map<string, StreamStatus>();
  readonly #changes: LearnerChangeEntry[] = [];
  readonly #rejects: RejectEntry[] = [];
  readonly #warnings = new Set<string>();
  #learners: Totals = NO_TOTALS;
  #changesNotListed = 0;
  #recordsRead = 0;
  #waits = 0;
  #waitedMs = 0;
  #waitingUntil: number | null = null;
  #failure: RunFailure | null = null;

  readonly #dryRun: boolean;

  constructor(catalog: ConfiguredCatalog, dryRun = false) {
    this.#dryRun = dryRun;
    for (const { stream, sync_mode } of catalog.streams) {
      const key = descriptorKey(stream.namespace === undefined ? { name: stream.name } : stream);
      this.#streams.set(key, { name: stream.name, sync_mode });
    }
  }

  /** Counted without parsing the record: the source sends many, and only the stream matters here. */
  recordRead(stream: string): void {
    const key = descriptorKey({ name: stream });
    this.#recordsRead += 1;
    this.#read.set(key, (this.#read.get(key) ?? 0) + 1);
    this.#waitingUntil = null;
  }

  fromSource(message: AirbyteMessage): void {
    if (message.type === "RECORD") this.recordRead(message.record.stream);
    else if (message.type === "TRACE") this.#trace("source", message.trace);
    else if (message.type === "LOG") this.#warn(message.log.level, message.log.message);
  }

  fromDestination(message: AirbyteMessage): void {
    if (message.type === "STATE") {
      const { stream, destinationStats } = message.state;
      if (stream !== undefined) {
        const key = descriptorKey(stream.stream_descriptor);
        this.#committed.set(key, (this.#committed.get(key) ?? 0) + (destinationStats?.recordCount ?? 0));
      }
    } else if (message.type === "TRACE") {
      this.#trace("destination", message.trace);
    } else if (message.type === "LOG") {
      this.#destinationLog(message.log.level, message.log.message);
    }
  }

  /** A failure the messages did not explain: a connector that died, or the runner's own. */
  failed(failure: RunFailure): void {
    this.#failure ??= failure;
  }

  get failure(): RunFailure | null {
    return this.#failure;
  }

  /** A warning of the runner's own, reported with the connectors'. */
  warn(text: string): void {
    this.#warn("WARN", text);
  }

  progress(): SyncProgress {
    return {
      dryRun: this.#dryRun,
      recordsRead: this.#recordsRead,
      learners: this.#learners,
      rateLimitWaits: this.#waits,
      waitingUntil: this.#waitingUntil,
    };
  }

  report(
    run: Pick<
      SyncReport,
      "connection" | "run_id" | "started_at" | "ended_at" | "state" | "learner_directory"
    >,
  ): SyncReport {
    return {
      ...run,
      status: this.#failure === null ? "succeeded" : "failed",
      dry_run: this.#dryRun,
      failure: this.#failure,
      streams: [...this.#streams].map(([key, stream]) => ({
        ...stream,
        records_read: this.#read.get(key) ?? 0,
        records_committed: this.#committed.get(key) ?? 0,
        status: this.#status.get(key) ?? "not started",
      })),
      learners: this.#learners,
      rate_limit_waits: { count: this.#waits, seconds: Math.round(this.#waitedMs / 1000) },
      changes: this.#changes,
      changes_not_listed: this.#changesNotListed,
      rejects: this.#rejects,
      retried_rejects: null,
      warnings: [...this.#warnings],
    };
  }

  #trace(origin: "source" | "destination", trace: TraceMessage): void {
    if (trace.type === "ERROR" && trace.error !== undefined) {
      const { message, failure_type, stream_descriptor } = trace.error;
      this.failed({
        origin,
        stream: stream_descriptor?.name ?? null,
        failure_type: failure_type ?? null,
        message,
      });
      return;
    }
    if (trace.type !== "STREAM_STATUS" || trace.stream_status === undefined || origin !== "source") return;
    const { stream_descriptor, status, reasons } = trace.stream_status;
    this.#status.set(descriptorKey(stream_descriptor), STATUS_OF[status] ?? "running");
    // RATE_LIMITED is the protocol's only reason: a RUNNING status with one is a pause.
    const limited = reasons?.[0];
    if (limited === undefined) return;
    this.#waits += 1;
    const until = limited.rate_limited?.quota_reset;
    if (until !== undefined) {
      this.#waitedMs += Math.max(0, until - trace.emitted_at);
      this.#waitingUntil = until;
    }
  }

  #destinationLog(level: string, text: string): void {
    const summary = parseSummary(text);
    if (summary !== null) {
      this.#learners = summary.totals;
      return;
    }
    const change = parseChangeLine(text);
    if (change !== null) {
      this.#changes.push(change);
      return;
    }
    const reject = parseRejectLine(text);
    if (reject !== null) {
      this.#rejects.push(reject);
      return;
    }
    const more = parseMoreLine(text);
    if (more !== null) this.#changesNotListed = more;
    else this.#warn(level, text);
  }

  #warn(level: string, text: string): void {
    if (level === "INFO" || level === "DEBUG" || level === "TRACE") return;
    if (this.#warnings.size < MAX_WARNINGS) this.#warnings.add(text);
  }
}
