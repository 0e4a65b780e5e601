import type { RunnerIo } from "./runner-io.js";
import { progressView } from "./progress-view.js";
import { reportTable } from "./report-table.js";
import { CronError, runSchedule } from "./schedule.js";
import { terminalText } from "./terminal-text.js";
import type { SyncArgs } from "./sync-args.js";
import { parseScheduleArgs, parseSyncArgs, SYNC_FLAGS, UsageError } from "./sync-args.js";
import { prepareStateDir, StateDirError } from "./state-store.js";
import type { SyncResult } from "./sync.js";
import { runSync } from "./sync.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export const SYNC_USAGE = `Usage: hibob-learners sync --source-config FILE --destination-config FILE [options]

Runs source-hibob read | destination-learners write once, from the connection's saved state.

${SYNC_FLAGS}
  -h, --help                  show this help
`;

export const SCHEDULE_USAGE = `Usage: hibob-learners schedule --cron "EXPRESSION" --source-config FILE --destination-config FILE [options]

Runs the sync on a cron schedule until SIGTERM or SIGINT; never two at once.

  --cron "EXPRESSION"         five fields, e.g. "0 17 * * *" (17:00 daily)
  --timezone ZONE             IANA zone of the expression, e.g. Europe/London (default: the machine's)
  --run-at-start              also sync once right away
${SYNC_FLAGS}
  -h, --help                  show this help
`;

/** One sync with live progress on stderr; the report table and the report files' paths on stdout. */
async function syncOnce(args: SyncArgs, io: RunnerIo, signal?: AbortSignal): Promise<SyncResult> {
  const result = await runSync({
    ...args,
    view: progressView(io.stderr),
    ...(signal === undefined ? {} : { signal }),
  });
  io.stdout.write(`${printed(result)}\n`);
  return result;
}

export function printed({ report, files }: SyncResult): string {
  return `${reportTable(report)}\nReport: ${files.html}\n        ${files.json}`;
}

export async function runSyncCommand(argv: readonly string[], io: RunnerIo): Promise<number> {
  const args = parsed(() => parseSyncArgs(argv), io, SYNC_USAGE);
  if (typeof args === "number") return args;
  try {
    const { report } = await syncOnce(args, io);
    return report.status === "succeeded" ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    return stateDirRefused(error, "sync", io);
  }
}

/** A state directory that cannot hold the runner's files ends the command before any sync (exit 2). */
function stateDirRefused(error: unknown, command: string, io: RunnerIo): number {
  if (!(error instanceof StateDirError)) throw error;
  io.stderr.write(`hibob-learners ${command}: ${terminalText(error.message)}\n`);
  return EXIT_USAGE;
}

export async function runScheduleCommand(
  argv: readonly string[],
  io: RunnerIo,
  signals: Pick<NodeJS.Process, "on" | "off"> = process,
): Promise<number> {
  const args = parsed(() => parseScheduleArgs(argv), io, SCHEDULE_USAGE);
  if (typeof args === "number") return args;
  const log = (line: string): void => {
    io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  try {
    await prepareStateDir(args.stateDir);
  } catch (error) {
    return stateDirRefused(error, "schedule", io);
  }
  try {
    await runSchedule({
      cron: args.cron,
      ...(args.timezone === undefined ? {} : { timezone: args.timezone }),
      runAtStart: args.runAtStart,
      signals,
      log,
      run: async (signal) => {
        const { report } = await syncOnce(args, io, signal);
        if (report.status === "failed") log("The sync failed; the schedule goes on.");
      },
    });
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    io.stderr.write(`hibob-learners schedule: ${terminalText(error.message)}\n`);
    return EXIT_USAGE;
  }
}

/** The parsed flags, or the exit code after printing help (0) or a usage error (2). */
export function parsed<Args>(parse: () => Args | "help", io: RunnerIo, usage: string): Args | number {
  try {
    const args = parse();
    if (args !== "help") return args;
    io.stdout.write(usage);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`hibob-learners: ${terminalText(error.message)}\n\n${usage}`);
    return EXIT_USAGE;
  }
}
