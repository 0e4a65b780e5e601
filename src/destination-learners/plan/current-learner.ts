import type { Learner } from "../learner.js";

/** A learner as the target holds it: `ref` is the target's own id; `external_id` is null for LMS-only users. */
export interface CurrentLearner {
  readonly ref: string;
  readonly learner: Omit<Learner, "external_id"> & { readonly external_id: string | null };
  /**
   * When the target created the learner (ISO 8601, its own clock: sqlite `created_at`, SCIM `meta.created`,
   * EasyLlama `created_at`); absent when the target does not say.
   */
  readonly created_at?: string | undefined;
}

/** A course the target already has assigned to the learner it calls `ref`. */
export interface ExistingAssignment {
  readonly ref: string;
  readonly course: string;
}
