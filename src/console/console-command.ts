import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from "../runner/exit-codes.js";
import type { RunnerIo } from "../runner/runner-io.js";
import { prepareStateDir, StateDirError } from "../runner/state-store.js";
import { parsed } from "../runner/sync-command.js";
import { terminalText } from "../runner/terminal-text.js";
import type { ConsoleArgs } from "./console-args.js";
import { CONSOLE_USAGE, exposureWarning, parseConsoleArgs } from "./console-args.js";
import type { ConsoleAppOptions } from "./console-app.js";
import { ConsoleApp } from "./console-app.js";
import type { ConsoleServer } from "./server.js";
import { startConsoleServer } from "./server.js";

type Signals = Pick<NodeJS.Process, "on" | "off">;

/** `hibob-learners console`: returns the exit code once stopped. */
export async function runConsoleCommand(
  argv: readonly string[],
  io: RunnerIo,
  signals: Signals = process,
): Promise<number> {
  const args = parsed(() => parseConsoleArgs(argv), io, CONSOLE_USAGE);
  if (typeof args === "number") return args;
  return serveConsole(args, io, signals);
}

/**
 * Serves the console until SIGINT or SIGTERM: the URL (with this start's token) alone on a line of stdout, every
 * other word on stderr. Stopping ends the schedule, stops a running sync at its next checkpoint (keeping what it
 * committed, and its report) and closes every connection.
 */
export async function serveConsole(
  args: ConsoleArgs & Pick<ConsoleAppOptions, "demo">,
  io: RunnerIo,
  signals: Signals = process,
): Promise<number> {
  const log = (line: string): void => {
    io.stderr.write(`${new Date().toISOString()} ${terminalText(line)}\n`);
  };
  try {
    await prepareStateDir(args.stateDir);
  } catch (error) {
    if (!(error instanceof StateDirError)) throw error;
    io.stderr.write(`hibob-learners console: ${terminalText(error.message)}\n`);
    return EXIT_USAGE;
  }
  const warning = exposureWarning(args.host);
  if (warning !== null) io.stderr.write(`${warning}\n`);
  const app = new ConsoleApp({ ...args, log });
  let server: ConsoleServer;
  try {
    server = await startConsoleServer({ host: args.host, port: args.port, routes: app, log });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    io.stderr.write(
      `hibob-learners console: cannot listen on ${args.host} port ${args.port} (${code}). ` +
        "Choose another --port (0 picks a free one) or --host.\n",
    );
    return EXIT_FAILED;
  }
  await app.start();
  io.stdout.write(`${server.url}\n`);
  io.stderr.write(
    `hibob-learners console: open the URL above in a browser (it carries this start's access token). ` +
      `Connection '${args.connection}' in ${args.stateDir}. Ctrl-C stops the console.\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals): void => {
      signals.off("SIGINT", stop);
      signals.off("SIGTERM", stop);
      resolve(received);
    };
    signals.on("SIGINT", stop);
    signals.on("SIGTERM", stop);
  });
  log(
    `${signal}: stopping the console${app.session.current === null ? "" : " and the running sync at its next checkpoint"}.`,
  );
  await app.close();
  await server.close();
  log("The console stopped.");
  return EXIT_OK;
}
