import type { Writable } from "node:stream";
import type {
  AirbyteMessage,
  ErrorTrace,
  LogLevel,
  StateMessage,
  StreamDescriptor,
  StreamStatus,
  StreamStatusReason,
} from "./messages.js";
import { maskMessage } from "./mask-message.js";
import { Redactor } from "./secrets.js";

export interface EmitterOptions {
  /** Records are gathered into chunks of about this many characters before one write. */
  readonly chunkSize?: number;
  /** Records still gathered this long after the first of them are written anyway (250 ms). */
  readonly idleFlushMs?: number;
  readonly now?: () => number;
}

/**
 * The only writer of stdout. Each message becomes one JSON line, its secrets masked. Records are batched into chunks;
 * every other message is flushed at once so that states, statuses and errors reach the platform without delay.
 * A chunk that stops filling (the source waits on Bob's answer or rate limit) is written after a short while, so
 * the records read so far show in the platform's progress instead of when the next chunk fills.
 * When the consumer stops reading, `emit` waits for it, so a fast source never piles lines up in memory.
 */
export class Emitter {
  readonly redactor: Redactor;
  readonly #out: Writable;
  readonly #chunkSize: number;
  readonly #idleFlushMs: number;
  readonly #now: () => number;
  #pending: string[] = [];
  #pendingLength = 0;
  #idleFlush: NodeJS.Timeout | null = null;
  /**
   * An idle flush's write still waiting for its reader, or one that failed: the next flush waits for it, and fails
   * as it did (the reader went away). Null otherwise, so a flush writes at once, synchronously.
   */
  #idleWrite: Promise<void> | null = null;
  #errored = false;

  constructor(out: Writable, redactor: Redactor = new Redactor(), options: EmitterOptions = {}) {
    this.#out = out;
    this.redactor = redactor;
    this.#chunkSize = options.chunkSize ?? 16_384;
    this.#idleFlushMs = options.idleFlushMs ?? 250;
    this.#now = options.now ?? Date.now;
  }

  /** True once a TRACE ERROR went out: the process must then exit non-zero. */
  get errored(): boolean {
    return this.#errored;
  }

  now(): number {
    return this.#now();
  }

  async emit(message: AirbyteMessage): Promise<void> {
    if (message.type === "TRACE" && message.trace.type === "ERROR") this.#errored = true;
    const line = this.#serialise(message) + "\n";
    this.#pending.push(line);
    this.#pendingLength += line.length;
    if (message.type !== "RECORD" || this.#pendingLength >= this.#chunkSize) await this.flush();
    else
      this.#idleFlush ??= setTimeout(() => {
        this.#flushIdle();
      }, this.#idleFlushMs).unref();
  }

  #flushIdle(): void {
    this.#idleFlush = null;
    const write = this.flush();
    this.#idleWrite = write;
    // A write that drained is forgotten; one that failed is kept for the next flush to rethrow (handled here, so a
    // reader gone between two flushes is no crash).
    write.then(
      () => {
        if (this.#idleWrite === write) this.#idleWrite = null;
      },
      () => undefined,
    );
  }

  /**
   * The message's JSON line, masked. Serialising first and looking for secrets in the text costs what masking
   * text always cost; only a line that holds one is built again from the masked message (see maskMessage).
   */
  #serialise(message: AirbyteMessage): string {
    const json = JSON.stringify(message);
    return this.redactor.mentionedIn(json) ? JSON.stringify(maskMessage(message, this.redactor)) : json;
  }

  /**
   * Writes what is gathered, once an idle flush's write has drained (its failure is this flush's). Writes are
   * synchronous, so an idle flush never reorders lines.
   */
  async flush(): Promise<void> {
    if (this.#idleFlush !== null) clearTimeout(this.#idleFlush);
    this.#idleFlush = null;
    if (this.#idleWrite !== null) await this.#idleWrite;
    if (this.#pending.length === 0) return;
    const chunk = this.#pending.join("");
    this.#pending = [];
    this.#pendingLength = 0;
    if (this.#out.destroyed) throw new Error(READER_GONE);
    if (!this.#out.write(chunk)) await drained(this.#out);
  }

  record(stream: string, data: Record<string, unknown>, namespace?: string): Promise<void> {
    return this.emit({
      type: "RECORD",
      record: { stream, data, emitted_at: this.#now(), ...(namespace === undefined ? {} : { namespace }) },
    });
  }

  state(state: StateMessage): Promise<void> {
    return this.emit({ type: "STATE", state });
  }

  log(level: LogLevel, message: string, stackTrace?: string): Promise<void> {
    return this.emit({
      type: "LOG",
      log: { level, message, ...(stackTrace === undefined ? {} : { stack_trace: stackTrace }) },
    });
  }

  error(error: ErrorTrace): Promise<void> {
    return this.emit({ type: "TRACE", trace: { type: "ERROR", emitted_at: this.#now(), error } });
  }

  streamStatus(
    stream: StreamDescriptor,
    status: StreamStatus,
    reasons?: readonly StreamStatusReason[],
  ): Promise<void> {
    return this.emit({
      type: "TRACE",
      trace: {
        type: "STREAM_STATUS",
        emitted_at: this.#now(),
        stream_status: {
          stream_descriptor: stream,
          status,
          ...(reasons === undefined ? {} : { reasons: [...reasons] }),
        },
      },
    });
  }
}

const READER_GONE = "The output stream closed before all messages were written.";

/** Resolves when the stream drains, rejects when it fails or closes first (the reader went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      out.off("drain", onDrain);
      out.off("error", onError);
      out.off("close", onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error(READER_GONE));
    };
    out.on("drain", onDrain);
    out.on("error", onError);
    out.on("close", onClose);
  });
}
