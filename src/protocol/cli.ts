import { readFile } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import { type Command, type CommandName, parseCommandLine, usage, UsageError } from "./command-line.js";
import { parseConnectorConfig } from "./config.js";
import type { Connector, ConnectorContext } from "./connector.js";
import { Emitter } from "./emitter.js";
import { ConfigError, ConnectorError, errorTrace } from "./errors.js";
import { ConfiguredCatalog } from "./messages.js";
import { readMessages } from "./input.js";
import { emptyState, parseInputState } from "./state.js";

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Exit codes: 0 success, 1 after a TRACE ERROR, 2 for a command line that cannot be run. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function commandsOf(connector: Connector<unknown>): CommandName[] {
  if (connector.kind === "source") return ["spec", "check", "discover", "read"];
  return connector.discover === undefined
    ? ["spec", "check", "write"]
    : ["spec", "check", "discover", "write"];
}

async function readText(path: string, role: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    throw new UsageError(`Cannot read the ${role} file '${path}' (${reason}).`);
  }
}

async function readJson(path: string, role: string): Promise<unknown> {
  const text = await readText(path, role);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`The ${role} file '${path}' is not valid JSON (${detail}).`);
  }
}

function parseCatalog(json: unknown, path: string): ConfiguredCatalog {
  const parsed = ConfiguredCatalog.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
  );
  throw new ConfigError(
    `The catalog file '${path}' is not a valid configured catalog: ${problems.join("; ")}.`,
  );
}

/**
 * Runs one connector command the way the platform invokes it and returns the exit code. Everything the user
 * sees goes out as protocol messages through `emitter`; only usage errors go to stderr.
 */
export async function runConnector<Config>(
  connector: Connector<Config>,
  argv: readonly string[],
  io: CliIo,
  emitter: Emitter = new Emitter(io.stdout),
): Promise<number> {
  const commands = commandsOf(connector as Connector<unknown>);
  try {
    await execute(connector, parseCommandLine(argv, commands), io, emitter);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      await emitter.error(errorTrace(error));
    } else {
      await emitter.flush();
      const text = `${connector.name}: ${error.message}\n${usage(connector.name, commands)}\n`;
      io.stderr.write(emitter.redactor.redact(text));
      return EXIT_USAGE;
    }
  }
  await emitter.flush();
  return emitter.errored ? EXIT_FAILED : EXIT_OK;
}

async function execute<Config>(
  connector: Connector<Config>,
  command: Command,
  io: CliIo,
  emitter: Emitter,
): Promise<void> {
  if (command.name === "spec") {
    await emitter.emit({ type: "SPEC", spec: connector.spec });
    return;
  }
  const context: ConnectorContext = { emitter };
  if (command.name === "check") {
    await emitter.emit({
      type: "CONNECTION_STATUS",
      connectionStatus: await check(connector, command, context),
    });
    return;
  }
  const config = await loadConfig(connector, command.config, emitter);
  if (command.name === "discover") {
    if (connector.kind === "source") {
      await emitter.emit({ type: "CATALOG", catalog: await connector.discover(config, context) });
    } else if (connector.discover !== undefined) {
      const catalog = await connector.discover(config, context);
      await emitter.emit({ type: "DESTINATION_CATALOG", destination_catalog: catalog });
    }
    return;
  }
  const catalog = parseCatalog(await readJson(command.catalog, "catalog"), command.catalog);
  if (command.name === "read" && connector.kind === "source") {
    const state =
      command.state === undefined ? emptyState : parseInputState(await readJson(command.state, "state"));
    await connector.read(config, catalog, state, context);
  } else if (command.name === "write" && connector.kind === "destination") {
    await connector.write(config, catalog, readMessages(io.stdin, emitter), context);
  }
}

/** Reads and validates the config; its secrets are masked from here on, even when it turns out invalid. */
async function loadConfig<Config>(
  connector: Connector<Config>,
  path: string,
  emitter: Emitter,
): Promise<Config> {
  return parseConnectorConfig(connector, await readJson(path, "config"), emitter.redactor);
}

/** A config the user must fix is a FAILED status; anything else is an error the platform should see as one. */
async function check<Config>(
  connector: Connector<Config>,
  command: { readonly config: string },
  context: ConnectorContext,
): ReturnType<Connector<Config>["check"]> {
  try {
    return await connector.check(await loadConfig(connector, command.config, context.emitter), context);
  } catch (error) {
    if (error instanceof ConnectorError && error.failureType === "config_error") {
      return { status: "FAILED", message: error.message };
    }
    throw error;
  }
}
