import { performance } from "node:perf_hooks";
import type { ConnectorCommand } from "../../src/runner/connector-process.js";
import { connectorCommand } from "../../src/runner/connector-process.js";
import type { ProgressView } from "../../src/runner/progress-view.js";
import type { SyncReport } from "../../src/runner/sync-report.js";
import { runSync } from "../../src/runner/sync.js";
import { script } from "./files.js";

const silent: ProgressView = {
  progress: () => undefined,
  log: () => undefined,
  end: () => undefined,
};

/** source-hibob as built but without its client pacer (see unpaced-source.mjs), for runs that only count. */
export const UNPACED_SOURCE: ConnectorCommand = {
  command: process.execPath,
  args: [script("unpaced-source.mjs")],
};

export interface TimedSync {
  readonly report: SyncReport;
  readonly wallMs: number;
  /** Records the source emitted on `employees`. */
  readonly records: number;
}

/** One `runSync` of a connection's `employees` stream, timed; a failed sync is an error, not a number. */
export async function timedSync(options: {
  readonly sourceConfig: string;
  readonly destinationConfig: string;
  readonly stateDir: string;
  readonly connection: string;
  readonly source?: ConnectorCommand;
}): Promise<TimedSync> {
  const started = performance.now();
  const { report } = await runSync({
    sourceConfig: options.sourceConfig,
    destinationConfig: options.destinationConfig,
    stateDir: options.stateDir,
    connection: options.connection,
    streams: ["employees"],
    view: silent,
    connectors: {
      source: options.source ?? connectorCommand("source-hibob"),
      destination: connectorCommand("destination-learners"),
    },
  });
  const wallMs = performance.now() - started;
  if (report.status !== "succeeded") {
    throw new Error(`sync ${options.connection} failed: ${report.failure?.message ?? "no reason given"}`);
  }
  const records = report.streams.find((stream) => stream.name === "employees")?.records_read ?? 0;
  return { report, wallMs, records };
}
