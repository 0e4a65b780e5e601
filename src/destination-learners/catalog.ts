import type { DestinationCatalog, DestinationSyncMode } from "../protocol/index.js";
import { learnerJsonSchema } from "./learner.js";

/** Upsert, change-only and archive: what a learner target can do with an employee record. */
export const LEARNER_SYNC_MODES = [
  "append_dedup",
  "update",
  "soft_delete",
] as const satisfies readonly DestinationSyncMode[];

export const isLearnerSyncMode = (mode: DestinationSyncMode): mode is (typeof LEARNER_SYNC_MODES)[number] =>
  (LEARNER_SYNC_MODES as readonly DestinationSyncMode[]).includes(mode);

/** The data-activation catalog: one `learners` object, matched by Bob id first, then by email. */
export function destinationCatalog(): DestinationCatalog {
  return {
    operations: LEARNER_SYNC_MODES.map((sync_mode) => ({
      object_name: "learners",
      sync_mode,
      json_schema: learnerJsonSchema,
      matching_keys: [["external_id"], ["email"]],
    })),
  };
}
