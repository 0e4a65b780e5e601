import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { DestinationConfig } from "../destination-learners/config.js";
import { destinationLearners } from "../destination-learners/destination.js";
import type { Connector } from "../protocol/index.js";
import { ConfigError, parseConnectorConfig, Redactor } from "../protocol/index.js";
import type { SourceConfig } from "../source-hibob/config.js";
import { sourceHibob } from "../source-hibob/source.js";

/** A connection's two configs, checked the way each connector checks its own, and every secret they hold. */
export interface ConnectionConfigs {
  readonly source: SourceConfig;
  readonly destination: DestinationConfig;
  readonly redactor: Redactor;
}

/**
 * Reads and validates both configs before any process starts, so a wrong field is reported at once with the
 * flag that named the file. Secrets are registered in `redactor` before validation: the caller's report of an
 * invalid config is still masked.
 */
export async function loadConnectionConfigs(
  paths: { readonly source: string; readonly destination: string },
  redactor: Redactor = new Redactor(),
): Promise<ConnectionConfigs> {
  const source = await load(sourceHibob, paths.source, "--source-config", redactor);
  const destination = await load(destinationLearners, paths.destination, "--destination-config", redactor);
  return { source, destination, redactor };
}

async function load<Config>(
  connector: Connector<Config>,
  path: string,
  flag: string,
  redactor: Redactor,
): Promise<Config> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    const why = error instanceof SyntaxError ? `is not JSON (${error.message})` : "cannot be read";
    throw new ConfigError(`${flag} ${path} ${why}. Pass the ${connector.name} config as a JSON file.`);
  }
  try {
    return parseConnectorConfig(connector, raw, redactor);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${flag} ${path}: ${error.message}`);
    throw error;
  }
}

/**
 * What a connection's saved state is about: which Bob company (through which service user) and which learner
 * target. A state saved for one must never drive a sync into another, or the new target would only get changes.
 */
export interface ConnectionIdentity {
  readonly source: string;
  readonly target: string;
}

export function connectionIdentity(configs: ConnectionConfigs): ConnectionIdentity {
  const { target } = configs.destination;
  return {
    source: `${configs.source.api_url} as ${configs.source.service_user_id}`,
    target:
      target.type === "sqlite"
        ? `sqlite ${resolve(target.path)}`
        : target.type === "scim"
          ? `scim ${target.base_url}`
          : `easyllama ${target.api_url}`,
  };
}
