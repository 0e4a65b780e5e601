import type { Catalog, FailureType } from "../protocol/index.js";
import { ConfigError, SystemError, TransientError } from "../protocol/index.js";
import type { ConnectorCommand } from "./connector-process.js";
import { eachLine, exitOf, messageOf, startConnector, stderrTail } from "./connector-process.js";

const ERRORS: Readonly<Record<FailureType, new (message: string) => Error>> = {
  config_error: ConfigError,
  transient_error: TransientError,
  system_error: SystemError,
};

/** `source discover`: the catalog, or the source's own error (a wrong token is a config error, as it says). */
export async function discoverCatalog(source: ConnectorCommand, configPath: string): Promise<Catalog> {
  const child = startConnector(source, ["discover", "--config", configPath], "ignore");
  const exit = exitOf(child);
  const stderr = stderrTail();
  const found: { catalog: Catalog | null; error: Error | null } = { catalog: null, error: null };
  eachLine(child.stdout, (line) => {
    const message = messageOf(line);
    if (message?.type === "CATALOG") found.catalog = message.catalog;
    if (message?.type === "TRACE" && message.trace.error !== undefined) {
      const { failure_type = "system_error", message: text } = message.trace.error;
      found.error ??= new ERRORS[failure_type](`Discover failed: ${text}`);
    }
  });
  eachLine(child.stderr, (line) => {
    stderr.add(line);
  });
  const end = await exit;
  if (found.error !== null) throw found.error;
  if (found.catalog === null) {
    throw new SystemError(
      `Discover gave no catalog: source-hibob exited with ${end.signal ?? String(end.code)}. ${stderr.text()}`.trim(),
    );
  }
  return found.catalog;
}
