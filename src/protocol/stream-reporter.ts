import type { Emitter } from "./emitter.js";
import { errorTrace } from "./errors.js";
import type { LogLevel, StreamDescriptor } from "./messages.js";

type Phase = "new" | "started" | "running" | "done";

/** The platform's default: a checkpoint at least every this many records. */
export const CHECKPOINT_INTERVAL = 1000;

/**
 * Keeps one stream's protocol bookkeeping right: STARTED → RUNNING (also when no record comes) → COMPLETE or
 * INCOMPLETE; STREAM states carrying how many records were emitted since the previous state; never the same
 * state twice in a row, which the platform rejects.
 */
export class StreamReporter {
  readonly descriptor: StreamDescriptor;
  readonly #emitter: Emitter;
  #phase: Phase = "new";
  #sinceState = 0;
  #total = 0;
  #lastState: string | undefined;
  #states = 0;

  readonly #checkpointInterval: number;

  constructor(emitter: Emitter, descriptor: StreamDescriptor, checkpointInterval = CHECKPOINT_INTERVAL) {
    this.#emitter = emitter;
    this.descriptor = descriptor;
    this.#checkpointInterval = checkpointInterval;
  }

  /** States emitted so far; the platform needs at least one per stream. */
  get stateCount(): number {
    return this.#states;
  }

  /** Records emitted over the whole run of this stream. */
  get recordCount(): number {
    return this.#total;
  }

  async started(): Promise<void> {
    if (this.#phase !== "new") return;
    this.#phase = "started";
    await this.#emitter.streamStatus(this.descriptor, "STARTED");
  }

  async record(data: Record<string, unknown>): Promise<void> {
    await this.#running();
    this.#sinceState += 1;
    this.#total += 1;
    await this.#emitter.record(this.descriptor.name, data, this.descriptor.namespace);
  }

  /** Emits a STREAM state unless it equals the previous one; its records then count towards the next. */
  async checkpoint(streamState: Record<string, unknown>): Promise<void> {
    await this.#running();
    const serialized = JSON.stringify(streamState);
    if (serialized === this.#lastState) return;
    this.#lastState = serialized;
    this.#states += 1;
    const recordCount = this.#sinceState;
    this.#sinceState = 0;
    await this.#emitter.state({
      type: "STREAM",
      stream: { stream_descriptor: this.descriptor, stream_state: streamState },
      sourceStats: { recordCount },
    });
  }

  /**
   * Checkpoints once `checkpointInterval` records were emitted since the last state. The state is built only
   * then, because building it can be costly (a fingerprint per employee).
   */
  async checkpointIfDue(streamState: () => Record<string, unknown>): Promise<void> {
    if (this.#sinceState >= this.#checkpointInterval) await this.checkpoint(streamState());
  }

  /** A LOG line about this stream (a skipped state, a permission gap); it does not change the stream's phase. */
  log(level: LogLevel, message: string): Promise<void> {
    return this.#emitter.log(level, `${this.descriptor.name}: ${message}`);
  }

  /** How many rows the stream expects to emit, for the platform's progress bar. */
  async estimate(rowEstimate: number): Promise<void> {
    await this.#emitter.emit({
      type: "TRACE",
      trace: {
        type: "ESTIMATE",
        emitted_at: this.#emitter.now(),
        estimate: {
          name: this.descriptor.name,
          type: "STREAM",
          row_estimate: rowEstimate,
          ...(this.descriptor.namespace === undefined ? {} : { namespace: this.descriptor.namespace }),
        },
      },
    });
  }

  /** Tells the platform the stream is alive but waiting for the API quota to reset (epoch ms). */
  async rateLimited(quotaResetMs?: number): Promise<void> {
    await this.#running();
    await this.#emitter.streamStatus(this.descriptor, "RUNNING", [
      {
        type: "RATE_LIMITED",
        ...(quotaResetMs === undefined ? {} : { rate_limited: { quota_reset: Math.round(quotaResetMs) } }),
      },
    ]);
  }

  async complete(): Promise<void> {
    await this.#running();
    this.#phase = "done";
    await this.#emitter.streamStatus(this.descriptor, "COMPLETE");
  }

  /** Ends the stream as INCOMPLETE and reports why, tied to this stream. */
  async incomplete(error: unknown): Promise<void> {
    await this.started();
    this.#phase = "done";
    await this.#emitter.streamStatus(this.descriptor, "INCOMPLETE");
    await this.#emitter.error(errorTrace(error, this.descriptor));
  }

  async #running(): Promise<void> {
    if (this.#phase === "running") return;
    if (this.#phase === "done") throw new Error(`Stream '${this.descriptor.name}' has already ended.`);
    await this.started();
    this.#phase = "running";
    await this.#emitter.streamStatus(this.descriptor, "RUNNING");
  }
}
