import type { LogLevel, StateMessage } from "../protocol/index.js";
import type { ConnectorCommand, ConnectorName, Exit } from "./connector-process.js";
import { eachLine, exitOf, messageOf, startConnector, stderrTail } from "./connector-process.js";
import { readSourceLine } from "./source-line.js";
import type { SyncTally } from "./sync-tally.js";

export interface PipeOptions {
  readonly source: ConnectorCommand;
  readonly destination: ConnectorCommand;
  /** `read --config … --catalog … [--state …]` */
  readonly sourceArgs: readonly string[];
  /** `write --config … --catalog …` */
  readonly destinationArgs: readonly string[];
  readonly tally: SyncTally;
  /** Called for each state the destination echoes, one at a time and in order. */
  readonly onState: (state: StateMessage) => Promise<void>;
  readonly onLog: (origin: ConnectorName, level: LogLevel, text: string) => void;
  /** Aborting stops the source; the destination commits what it received and echoes its states. */
  readonly signal?: AbortSignal;
}

/**
 * `source read | destination write`, as the platform runs them: two processes, the source's stdout piped into
 * the destination's stdin with backpressure. The runner watches both sides pass.
 */
export async function pipeConnectors(options: PipeOptions): Promise<void> {
  const { tally, onLog } = options;
  const source = startConnector(options.source, options.sourceArgs, "ignore");
  const destination = startConnector(options.destination, options.destinationArgs, "pipe");
  const sourceExit = exitOf(source);
  const destinationExit = exitOf(destination);
  const stderr = { "source-hibob": stderrTail(), "destination-learners": stderrTail() };

  // A destination that died stops reading: its exit says why, and the source must not block on a full pipe.
  destination.stdin?.on("error", () => undefined);
  void destinationExit.then((end) => end.code !== 0 && source.kill("SIGTERM"));
  const stop = (): void => {
    source.kill("SIGTERM");
  };
  options.signal?.addEventListener("abort", stop, { once: true });

  if (destination.stdin !== null) source.stdout.pipe(destination.stdin);
  eachLine(source.stdout, (line) => {
    const read = readSourceLine(line);
    if (read === null) return;
    if ("record" in read) {
      tally.recordRead(read.record);
      return;
    }
    const { message } = read;
    tally.fromSource(message);
    if (message.type === "LOG") onLog("source-hibob", message.log.level, message.log.message);
  });

  let saving = Promise.resolve();
  eachLine(destination.stdout, (line) => {
    const message = messageOf(line);
    if (message === null) return;
    tally.fromDestination(message);
    if (message.type === "LOG") onLog("destination-learners", message.log.level, message.log.message);
    if (message.type === "STATE") {
      const { state } = message;
      saving = saving.then(() => options.onState(state));
    }
  });
  for (const name of ["source-hibob", "destination-learners"] as const) {
    const child = name === "source-hibob" ? source : destination;
    eachLine(child.stderr, (line) => {
      stderr[name].add(line);
    });
  }

  const [sourceEnd, destinationEnd] = await Promise.all([sourceExit, destinationExit]);
  options.signal?.removeEventListener("abort", stop);
  await saving;
  if (options.signal?.aborted === true) {
    tally.failed({
      origin: "runner",
      stream: null,
      failure_type: null,
      message:
        "Stopped on request before the source finished; the next run resumes from the last checkpoint.",
    });
  }
  for (const [name, end] of [
    ["source-hibob", sourceEnd],
    ["destination-learners", destinationEnd],
  ] as const) {
    if (end.code === 0) continue;
    const origin = name === "source-hibob" ? "source" : "destination";
    tally.failed({
      origin,
      stream: null,
      failure_type: null,
      message: exitMessage(name, end, stderr[name].text()),
    });
  }
}

function exitMessage(name: ConnectorName, end: Exit, stderr: string): string {
  const how = end.signal === null ? `exited with code ${String(end.code)}` : `was killed by ${end.signal}`;
  return `${name} ${how}${stderr === "" ? "." : `:\n${stderr}`}`;
}
