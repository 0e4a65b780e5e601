import { access, constants } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { docsUrl, PROTOCOL_VERSION } from "../project.js";
import type { Destination } from "../protocol/index.js";
import { connectionSpecification, SystemError } from "../protocol/index.js";
import { DestinationConfig } from "./config.js";

export const destinationSpec = {
  documentationUrl: docsUrl("destination.md"),
  connectionSpecification: connectionSpecification(DestinationConfig, "Learners Destination Spec"),
  supported_destination_sync_modes: ["append_dedup" as const],
  protocol_version: PROTOCOL_VERSION,
};

export const destinationLearners: Destination<DestinationConfig> = {
  kind: "destination",
  name: "destination-learners",
  spec: destinationSpec,
  config: DestinationConfig,

  /** The learner directory's folder must exist and be writable. */
  async check(config) {
    if (config.target.type !== "sqlite") {
      return {
        status: "FAILED",
        message: `Target type '${config.target.type}' is not available in this version.`,
      };
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

  write: () =>
    Promise.reject(new SystemError("destination-learners does not support 'write' in this version yet.")),
};
