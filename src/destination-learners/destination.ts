import { access, constants } from "node:fs/promises";
import type { LookupFunction } from "node:net";
import { dirname, resolve } from "node:path";
import { docsUrl, PROTOCOL_VERSION } from "../project.js";
import type { Destination } from "../protocol/index.js";
import { connectionSpecification } from "../protocol/index.js";
import { destinationCatalog, LEARNER_SYNC_MODES } from "./catalog.js";
import { DestinationConfig } from "./config.js";
import { openTarget, openWritable } from "./targets/open.js";
import { employeesStream, writeLearners } from "./write.js";

export const destinationSpec = {
  documentationUrl: docsUrl("destination.md"),
  connectionSpecification: connectionSpecification(DestinationConfig, "Learners Destination Spec"),
  supported_destination_sync_modes: [...LEARNER_SYNC_MODES],
  protocol_version: PROTOCOL_VERSION,
};

export interface DestinationOptions {
  /** Resolves the host of an http target URL (node's dns.lookup signature); injected by tests. */
  readonly lookup?: LookupFunction;
}

/** The destination; `options` reach every target it opens. */
export function createDestinationLearners(options: DestinationOptions = {}): Destination<DestinationConfig> {
  const targetOptions = options.lookup === undefined ? {} : { lookup: options.lookup };
  return {
    kind: "destination",
    name: "destination-learners",
    spec: destinationSpec,
    config: DestinationConfig,

    /**
     * sqlite: the learner directory's folder must exist and be writable. SCIM and EasyLlama: reading the learner
     * list proves the address and the credentials (a 401/403, or a SCIM 404 from a wrong base URL, is a ConfigError, which
     * the CLI reports as FAILED); what the target said of itself while it was read (a SCIM server without the
     * enterprise extension) is the message.
     */
    async check(config) {
      if (config.target.type !== "sqlite") {
        const target = await openWritable(config.target, targetOptions);
        try {
          await target.load();
          // What the platform lacks that a sync would use (Groups, the enterprise extension) is said now.
          const lacks = target.takeWarnings?.() ?? [];
          return lacks.length === 0
            ? { status: "SUCCEEDED" }
            : { status: "SUCCEEDED", message: lacks.join(" ") };
        } finally {
          await target.close();
        }
      }
      const folder = dirname(resolve(config.target.path));
      try {
        await access(folder, constants.W_OK);
        return { status: "SUCCEEDED" };
      } catch {
        return {
          status: "FAILED",
          message: `The folder '${folder}' for target.path does not exist or is not writable. Create it or choose another path.`,
        };
      }
    },

    discover: () => Promise.resolve(destinationCatalog()),

    /** Opens the target (in memory on a dry run), writes the input through it, and always closes it. */
    async write(config, catalog, input, { emitter }) {
      employeesStream(catalog);
      const target = await openTarget(config, { ...targetOptions, dryRun: config.dry_run });
      const now = new Date().toISOString();
      try {
        await writeLearners(config, catalog, input, emitter, target, { today: now.slice(0, 10), now });
      } finally {
        await target.close();
      }
    },
  };
}

export const destinationLearners: Destination<DestinationConfig> = createDestinationLearners();
