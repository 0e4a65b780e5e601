import { existsSync } from "node:fs";
import type { RunnerIo } from "./runner-io.js";
import { parseResetArgs } from "./sync-args.js";
import { parsed } from "./sync-command.js";
import { connectionFolder, resetConnection } from "./state-store.js";
import { lockFolder } from "./sync-lock.js";
import { EXIT_FAILED, EXIT_OK } from "./exit-codes.js";

export const RESET_USAGE = `Usage: hibob-learners reset (--connection NAME | --source-config FILE --destination-config FILE) [options]

Starts a connection over: its next sync runs as a first sync would. The saved state, the learner directory
mark, the open rejects and the source and target the connection is bound to are forgotten; the run history and
the reports are kept. Use it to point the connection at another source or target, or to drop the saved state
of incremental streams the runner cannot check. (A learner target emptied or replaced needs no reset: every
sync compares every employee with what the target holds.)

  --connection NAME           the connection's folder in the state directory
  --source-config FILE        with --destination-config: the connection their sync is named after
  --destination-config FILE
  --state-dir DIR             where the connection is kept (default .hibob-learners)
  -h, --help                  show this help
`;

export async function runResetCommand(argv: readonly string[], io: RunnerIo): Promise<number> {
  const args = parsed(() => parseResetArgs(argv), io, RESET_USAGE);
  if (typeof args === "number") return args;
  const folder = connectionFolder(args.stateDir, args.connection);
  if (!existsSync(folder.dir)) {
    io.stderr.write(
      `hibob-learners reset: there is no connection '${args.connection}' in ${args.stateDir}.\n`,
    );
    return EXIT_FAILED;
  }
  const unlock = await lockFolder(folder).catch((error: unknown) => {
    io.stderr.write(`hibob-learners reset: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  });
  if (unlock === null) return EXIT_FAILED;
  try {
    await resetConnection(folder);
  } finally {
    await unlock();
  }
  io.stdout.write(
    `Connection '${args.connection}' reset: its next sync starts afresh. History and reports are kept in ${folder.dir}.\n`,
  );
  return EXIT_OK;
}
