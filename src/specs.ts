import { destinationSpec } from "./destination-learners/destination.js";
import { learnerJsonSchema } from "./destination-learners/learner.js";
import type { ConnectorSpecification } from "./protocol/index.js";
import { sourceSpec } from "./source-hibob/source.js";

/** The committed spec files (golden), relative to the repository root, and the specs they must equal. */
export const SPEC_FILES: readonly { readonly path: string; readonly spec: ConnectorSpecification }[] = [
  { path: "spec.json", spec: sourceSpec },
  { path: "schemas/destination-spec.json", spec: destinationSpec },
];

/** The committed JSON schemas of data objects (golden), written by the same `npm run specs`. */
export const SCHEMA_FILES: readonly { readonly path: string; readonly schema: Record<string, unknown> }[] = [
  { path: "schemas/learner.json", schema: learnerJsonSchema },
];

/** Every generated golden file and its content. */
export const GOLDEN_FILES: readonly { readonly path: string; readonly content: unknown }[] = [
  ...SPEC_FILES.map(({ path, spec }) => ({ path, content: spec })),
  ...SCHEMA_FILES.map(({ path, schema }) => ({ path, content: schema })),
];
