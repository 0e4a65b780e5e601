import type { BatchOutcomes, LearnerCounts, LearnerEvent } from "../learner-events/index.js";
import { changeDetail, eventOf, learnerWarningText, NO_COUNTS } from "../learner-events/index.js";
import type { AirbyteMessage, ConfiguredCatalog, LogMessage, TraceMessage } from "../protocol/index.js";
import { descriptorKey } from "../protocol/index.js";
import { CourseTally } from "./course-tally.js";
import type { EmployeeOutcome } from "./open-rejects.js";
import type { LearnerChangeEntry, RejectEntry, RunFailure, StreamReport, SyncReport } from "./sync-report.js";

/** What a live view shows while a sync runs. */
export interface SyncProgress {
  /** The counts are what a real run would do. */
  readonly dryRun: boolean;
  readonly recordsRead: number;
  /** The records the source said it would send (its ESTIMATE traces), or null until it said so of every stream. */
  readonly recordsExpected: number | null;
  readonly learners: LearnerCounts;
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
 * stream (source), states and their committed counts, the destination's learner events (changes, courses
 * assigned, rejects, warnings, counts, who each batch settled), rate-limit pauses and the first error of either
 * side. Of the destination it reads only the events its LOG messages carry, never their text.
 */
export class SyncTally {
  readonly #streams = new Map<string, { name: string; sync_mode: StreamReport["sync_mode"] }>();
  readonly #read = new Map<string, number>();
  readonly #committed = new Map<string, number>();
  readonly #status = new Map<string, StreamStatus>();
  readonly #expected = new Map<string, number>();
  readonly #changes: LearnerChangeEntry[] = [];
  readonly #rejects: RejectEntry[] = [];
  readonly #warnings = new Set<string>();
  /** What became of each employee the destination settled: the last batch that named one wins. */
  readonly #outcomes = new Map<string, EmployeeOutcome>();
  readonly #courses = new CourseTally();
  #learners: LearnerCounts = NO_COUNTS;
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
      this.#destinationLog(message.log);
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

  /** The employees the destination settled, by outcome; one it never named is not in the map. */
  outcomes(): ReadonlyMap<string, EmployeeOutcome> {
    return this.#outcomes;
  }

  progress(): SyncProgress {
    return {
      dryRun: this.#dryRun,
      recordsRead: this.#recordsRead,
      recordsExpected: this.#recordsExpected(),
      learners: this.#learners,
      rateLimitWaits: this.#waits,
      waitingUntil: this.#waitingUntil,
    };
  }

  /** All the records the source expects, once it has said so of every stream (else "of" would not be all). */
  #recordsExpected(): number | null {
    let total = 0;
    for (const key of this.#streams.keys()) {
      const rows = this.#expected.get(key);
      if (rows === undefined) return null;
      total += rows;
    }
    return total;
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
      changes_not_listed: Math.max(0, this.#changesNotListed - this.#courses.unlisted()),
      course_assignments: this.#courses.courses(),
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
    if (origin !== "source") return;
    const estimate = trace.estimate;
    if (trace.type === "ESTIMATE" && estimate?.type === "STREAM" && estimate.row_estimate !== undefined) {
      this.#expected.set(descriptorKey(estimate), estimate.row_estimate);
      return;
    }
    if (trace.type !== "STREAM_STATUS" || trace.stream_status === undefined) return;
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

  #destinationLog(log: LogMessage): void {
    const reading = eventOf(log);
    if (reading.found === "event") this.#event(reading.event);
    else if (reading.found === "none") this.#warn(log.level, log.message);
    else
      this.#warn(
        "WARN",
        `destination-learners sent an event this runner cannot read (${reading.problem}): the report may miss ` +
          `what it said. Its text: ${log.message}`,
      );
  }

  #event(event: LearnerEvent): void {
    switch (event.kind) {
      case "batch":
        this.#learners = event.counts;
        this.#courses.counted(event.courses);
        this.#settle(event.employees);
        return;
      case "change": {
        const { change } = event;
        if (change.action === "assign") {
          this.#courses.listed(change.course, change.trigger);
          return;
        }
        const { action, employee_id, email } = change;
        const name = change.name ?? null;
        this.#changes.push({ action, employee_id, email, name, detail: changeDetail(change), change });
        return;
      }
      case "reject": {
        const { employee_id, email, reason } = event;
        this.#rejects.push({ employee_id, email, name: event.name ?? null, reason });
        return;
      }
      case "learner_warning":
        this.#warn("WARN", learnerWarningText(event));
        return;
      case "warning":
        this.#warn("WARN", event.message);
        return;
      case "summary":
        this.#learners = event.counts;
        this.#courses.counted(event.courses);
        this.#changesNotListed = event.changes_not_listed;
        return;
    }
  }

  #settle(employees: BatchOutcomes): void {
    for (const outcome of ["skipped", "unchanged", "archived", "written"] as const)
      for (const id of employees[outcome]) this.#outcomes.set(id, outcome);
  }

  #warn(level: string, text: string): void {
    if (level === "INFO" || level === "DEBUG" || level === "TRACE") return;
    if (this.#warnings.size < MAX_WARNINGS) this.#warnings.add(text);
  }
}
