import { z } from "zod";
import type { StreamStateBlob } from "./state.js";

/**
 * A key of a full-refresh stream state: the source saw only part of what exists (its access hides some records
 * that are still there), so a record missing from this pass may not be gone. A destination that infers deletions
 * from absence must not infer them from such a pass. Set on every state of the pass, so the last one carries it.
 */
export const ABSENCE_UNPROVEN = "absence_unproven";

const Marked = z.looseObject({ [ABSENCE_UNPROVEN]: z.literal(true) });

/** Whether a stream state says that absence from its pass proves nothing. */
export function absenceUnproven(state: StreamStateBlob | null | undefined): boolean {
  return Marked.safeParse(state).success;
}
