import { destinationSpec } from "./destination-learners/destination.js";
import type { ConnectorSpecification } from "./protocol/index.js";
import { sourceSpec } from "./source-hibob/source.js";

/** The committed spec files (golden), relative to the repository root, and the specs they must equal. */
export const SPEC_FILES: readonly { readonly path: string; readonly spec: ConnectorSpecification }[] = [
  { path: "spec.json", spec: sourceSpec },
  { path: "schemas/destination-spec.json", spec: destinationSpec },
];
