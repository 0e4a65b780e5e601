import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_STATE_DIR, isConnectionName } from "../runner/state-store.js";
import { defaultConnection, UsageError } from "../runner/sync-args.js";
import { isLoopbackHost } from "./security.js";

export const CONSOLE_USAGE = `Usage: hibob-learners console [options]

Serves the connection console on this machine: connect Bob and the learning platform, settings, preview,
sync now, history and the daily schedule, in a browser. Prints its URL (with this start's access token) on a
line of its own and runs until SIGINT or SIGTERM.

  --port N                    where to listen (default 0: a free port)
  --host ADDR                 the address to listen on (default 127.0.0.1); any other exposes the console,
                              its token the only guard, and prints a warning
  --state-dir DIR             where states, run history and reports are kept (default ${DEFAULT_STATE_DIR})
  --source-config FILE        the source-hibob config it edits (default <state dir>/source.json)
  --destination-config FILE   the destination-learners config it edits (default <state dir>/destination.json)
  --connection NAME           the connection's folder in the state directory, as for sync
                              (default: <source config name>-to-<destination config name>)
  -h, --help                  show this help
`;

export interface ConsoleArgs {
  readonly port: number;
  readonly host: string;
  readonly stateDir: string;
  readonly sourceConfig: string;
  readonly destinationConfig: string;
  readonly connection: string;
}

export const DEFAULT_HOST = "127.0.0.1";

/** The console's flags; the configs and connection default so that `sync` with the same files finds the same folder. */
export function parseConsoleArgs(argv: readonly string[]): ConsoleArgs | "help" {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "state-dir": { type: "string" },
        "source-config": { type: "string" },
        "destination-config": { type: "string" },
        connection: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return "help";
  const stateDir = values["state-dir"] ?? DEFAULT_STATE_DIR;
  const sourceConfig = values["source-config"] ?? join(stateDir, "source.json");
  const destinationConfig = values["destination-config"] ?? join(stateDir, "destination.json");
  const connection = values.connection ?? defaultConnection(sourceConfig, destinationConfig);
  if (!isConnectionName(connection)) {
    throw new UsageError(
      `--connection '${connection}' must be a folder name: letters, digits, '.', '-' and '_' (up to 100)`,
    );
  }
  return {
    port: port(values.port),
    host: host(values.host),
    stateDir,
    sourceConfig,
    destinationConfig,
    connection,
  };
}

function port(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535)
    throw new UsageError(`--port must be a port number from 0 to 65535`);
  return n;
}

function host(value: string | undefined): string {
  if (value === undefined) return DEFAULT_HOST;
  const bare = value.replace(/^\[(.*)\]$/, "$1");
  if (bare === "" || /[\s/]/.test(bare)) throw new UsageError("--host must be an IP address or a host name");
  return bare;
}

/** The warning printed when the console listens beyond this machine; null on loopback. */
export function exposureWarning(host: string): string | null {
  if (isLoopbackHost(host)) return null;
  return (
    `WARNING: the console listens on ${host}, not only on this machine. Anyone who can reach it and learns the ` +
    "URL it prints can change the connection and start syncs; the traffic is plain HTTP. Prefer the default " +
    "(127.0.0.1) and an SSH tunnel."
  );
}
