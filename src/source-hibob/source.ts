import { docsUrl, PROTOCOL_VERSION } from "../project.js";
import type { Source } from "../protocol/index.js";
import { connectionSpecification, SystemError } from "../protocol/index.js";
import { basicCredential, HibobClient } from "./client.js";
import { SourceConfig } from "./config.js";

export const sourceSpec = {
  documentationUrl: docsUrl("setup-hibob.md"),
  connectionSpecification: connectionSpecification(SourceConfig, "HiBob Source Spec"),
  supportsIncremental: true,
  protocol_version: PROTOCOL_VERSION,
};

function notYet(command: string): Promise<never> {
  return Promise.reject(new SystemError(`source-hibob does not support '${command}' in this version yet.`));
}

export const sourceHibob: Source<SourceConfig> = {
  kind: "source",
  name: "source-hibob",
  spec: sourceSpec,
  config: SourceConfig,
  derivedSecrets: (config) => [basicCredential(config)],

  /** Proves the credentials against Bob's field metadata, which every service user may read. */
  async check(config) {
    const client = new HibobClient(config, {
      timeoutMs: 30_000,
      backoff: { baseMs: 500, maxMs: 2_000, maxRetries: 1 },
    });
    await client.get("/company/people/fields");
    return { status: "SUCCEEDED" };
  },

  discover: () => notYet("discover"),
  read: () => notYet("read"),
};
