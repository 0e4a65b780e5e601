import { runConsoleCommand } from "../console/console-command.js";
import { runDemo } from "./demo.js";
import { withHibobEmulator } from "./load-emulator.js";
import { runResetCommand } from "./reset-command.js";
import type { RunnerIo } from "./runner-io.js";
import { runScheduleCommand, runSyncCommand } from "./sync-command.js";
import { terminalText } from "./terminal-text.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export type { RunnerIo } from "./runner-io.js";

const USAGE = `Usage: hibob-learners <command> [options]

  sync       sync a connection once: source-hibob read | destination-learners write
  schedule   sync on a cron schedule until stopped
  reset      start a connection over: its next sync runs as a first sync would
  console    the connection console in a browser: connect, settings, preview, sync now, history, schedule
  demo       try it all with no credentials: the emulator, a first sync, a day in Bob, the next sync
  emulate    run the HiBob emulator
  help       show this help

hibob-learners <command> --help shows a command's options.`;

/** The local runner's command line; returns the exit code. */
export function runHibobLearners(argv: readonly string[], io: RunnerIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "sync":
      return runSyncCommand(rest, io);
    case "schedule":
      return runScheduleCommand(rest, io);
    case "reset":
      return runResetCommand(rest, io);
    case "console":
      return runConsoleCommand(rest, io);
    case "demo":
      return withHibobEmulator("demo", io, (emulator) => runDemo(rest, emulator, io));
    case "emulate":
      return withHibobEmulator("emulate", io, ({ runEmulate }) => runEmulate(rest, io));
    case "help":
    case "--help":
    case "-h":
      io.stdout.write(`${USAGE}\n`);
      return Promise.resolve(EXIT_OK);
    default:
      io.stderr.write(
        `hibob-learners: ${command === undefined ? "no command given" : `unknown command '${terminalText(command)}'`}\n${USAGE}\n`,
      );
      return Promise.resolve(EXIT_USAGE);
  }
}
