import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_STREAMS } from "./configured-catalog.js";
import { DEFAULT_STATE_DIR, isConnectionName } from "./state-store.js";

export const SYNC_FLAGS = `  --source-config FILE        source-hibob config (JSON)
  --destination-config FILE   destination-learners config (JSON)
  --streams LIST              streams to sync, comma-separated (default ${DEFAULT_STREAMS.join(",")})
  --state-dir DIR             where states, run history and reports are kept (default ${DEFAULT_STATE_DIR})
  --connection NAME           this connection's folder in the state directory
                              (default: <source config name>-to-<destination config name>)`;

export class UsageError extends Error {}

export interface SyncArgs {
  readonly sourceConfig: string;
  readonly destinationConfig: string;
  readonly streams?: readonly string[];
  readonly stateDir: string;
  readonly connection: string;
}

export interface ScheduleArgs extends SyncArgs {
  readonly cron: string;
  readonly timezone?: string;
  readonly runAtStart: boolean;
}

const SYNC_OPTIONS = {
  "source-config": { type: "string" },
  "destination-config": { type: "string" },
  streams: { type: "string" },
  "state-dir": { type: "string" },
  connection: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const SCHEDULE_OPTIONS = {
  ...SYNC_OPTIONS,
  cron: { type: "string" },
  timezone: { type: "string" },
  "run-at-start": { type: "boolean" },
} as const;

type Values<Options extends typeof SYNC_OPTIONS> = ReturnType<
  typeof parseArgs<{ options: Options }>
>["values"];

function values<Options extends typeof SYNC_OPTIONS>(
  argv: readonly string[],
  options: Options,
): Values<Options> {
  try {
    return parseArgs({ args: [...argv], options, strict: true }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface ResetArgs {
  readonly stateDir: string;
  readonly connection: string;
}

/**
 * `reset` flags: the connection by name, or by the two configs its sync names it after (the sync's own flags are
 * accepted, so a sync command line can be reused).
 */
export function parseResetArgs(argv: readonly string[]): ResetArgs | "help" {
  const flags = values(argv, SYNC_OPTIONS);
  if (flags.help === true) return "help";
  const source = flags["source-config"];
  const destination = flags["destination-config"];
  const connection =
    flags.connection ??
    (source !== undefined && destination !== undefined ? defaultConnection(source, destination) : undefined);
  if (connection === undefined) {
    throw new UsageError(
      "name the connection: --connection NAME, or the --source-config and --destination-config of its sync",
    );
  }
  return { stateDir: flags["state-dir"] ?? DEFAULT_STATE_DIR, connection: checkedConnection(connection) };
}

/** `sync` flags; throws a UsageError naming the flag. */
export function parseSyncArgs(argv: readonly string[]): SyncArgs | "help" {
  const flags = values(argv, SYNC_OPTIONS);
  return flags.help === true ? "help" : syncArgs(flags);
}

/** `schedule` flags: those of `sync` and the schedule's. */
export function parseScheduleArgs(argv: readonly string[]): ScheduleArgs | "help" {
  const flags = values(argv, SCHEDULE_OPTIONS);
  if (flags.help === true) return "help";
  return {
    ...syncArgs(flags),
    cron: required(flags.cron, '--cron "EXPRESSION"'),
    ...(flags.timezone === undefined ? {} : { timezone: flags.timezone }),
    runAtStart: flags["run-at-start"] === true,
  };
}

function syncArgs(values: Values<typeof SYNC_OPTIONS>): SyncArgs {
  const sourceConfig = required(values["source-config"], "--source-config FILE");
  const destinationConfig = required(values["destination-config"], "--destination-config FILE");
  const connection = checkedConnection(
    values.connection ?? defaultConnection(sourceConfig, destinationConfig),
  );
  const streams = values.streams
    ?.split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (streams?.length === 0) throw new UsageError("--streams names no stream");
  return {
    sourceConfig,
    destinationConfig,
    stateDir: values["state-dir"] ?? DEFAULT_STATE_DIR,
    connection,
    ...(streams === undefined ? {} : { streams }),
  };
}

function checkedConnection(connection: string): string {
  if (isConnectionName(connection)) return connection;
  throw new UsageError(
    `--connection '${connection}' must be a folder name: letters, digits, '.', '-' and '_' (up to 100)`,
  );
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

/** `source.json` + `lms.json` → `source-to-lms`: stable while the config files keep their names. */
export function defaultConnection(sourceConfig: string, destinationConfig: string): string {
  const name = (path: string): string =>
    basename(path, extname(path))
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[^A-Za-z0-9]+/, "")
      .slice(0, 45) || "config";
  return `${name(sourceConfig)}-to-${name(destinationConfig)}`;
}
