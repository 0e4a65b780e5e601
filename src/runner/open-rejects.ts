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

/** What the destination did with an employee it read (or, for `archived`, found gone from Bob). */
export type EmployeeOutcome = "written" | "archived" | "unchanged" | "skipped";

/**
 * What became of the rejects a sync found open. Each was retried, and is now still rejected (open), resolved
 * (its learner written or archived, or already as Bob has it), or left out: Bob did not send the employee (they
 * left Bob, or the service user no longer sees them), a filter left them out, or update mode creates no learner.
 * Either way it is closed.
 */
export interface RetriedRejects {
  readonly retried: number;
  readonly resolved: number;
  readonly left_out: number;
}

/**
 * The rejects still open after a complete sync, and what became of those open before it, from who the
 * destination said it settled. Rejects without an employee id (a record that was not an employee) cannot be
 * followed.
 */
export function settleRejects(
  open: readonly OpenReject[],
  rejects: readonly RejectEntry[],
  outcomes: ReadonlyMap<string, EmployeeOutcome>,
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
  const closed = [...before.keys()].filter((id) => !now.has(id));
  const resolved = closed.filter((id) => {
    const outcome = outcomes.get(id);
    return outcome !== undefined && outcome !== "skipped";
  }).length;
  return {
    open: [...now.values()],
    retried: { retried: before.size, resolved, left_out: closed.length - resolved },
  };
}
