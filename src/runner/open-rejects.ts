import { z } from "zod";
import type { RejectEntry } from "./sync-report.js";

/** An employee the destination could not write at the last sync, and since when it has been failing. */
const OpenReject = z.object({
  employee_id: z.string(),
  email: z.string().nullable(),
  reason: z.string(),
  /** When the sync that first rejected it started (ISO 8601). */
  since: z.string(),
  /** How many syncs in a row rejected it. */
  syncs: z.int().min(1),
});
export type OpenReject = Readonly<z.infer<typeof OpenReject>>;

/** The rejects a connection keeps open between syncs (`rejects.json`). */
export const OpenRejects = z.array(OpenReject);

/** What became of the rejects a sync found open: every one was retried, some were written or left Bob. */
export interface RetriedRejects {
  readonly retried: number;
  readonly resolved: number;
}

/**
 * The rejects still open after a complete sync, and what became of those open before it. Every employee is read
 * at every sync, so each open reject was retried: one this sync did not reject again was written, or is no longer
 * in Bob to write. Rejects without an employee id (a record that was not an employee) cannot be followed.
 */
export function settleRejects(
  open: readonly OpenReject[],
  rejects: readonly RejectEntry[],
  startedAt: string,
): { readonly open: OpenReject[]; readonly retried: RetriedRejects } {
  const before = new Map(open.map((entry) => [entry.employee_id, entry]));
  const now = new Map<string, OpenReject>();
  for (const reject of rejects) {
    if (reject.employee_id === null || now.has(reject.employee_id)) continue;
    const earlier = before.get(reject.employee_id);
    now.set(reject.employee_id, {
      employee_id: reject.employee_id,
      email: reject.email,
      reason: reject.reason,
      since: earlier?.since ?? startedAt,
      syncs: (earlier?.syncs ?? 0) + 1,
    });
  }
  const resolved = [...before.keys()].filter((id) => !now.has(id)).length;
  return { open: [...now.values()], retried: { retried: before.size, resolved } };
}
