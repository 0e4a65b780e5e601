// Whether the service user's view of Bob can prove someone gone. Bob's "Access data for: Everyone" shows active
// people only, and leave makes a person Inactive unless "remain active" is ticked (garden leave after the last
// working day): someone on leave then vanishes exactly like a leaver or a deleted person. Only a view that shows
// inactive people can tell them apart.
import { hasField, readField } from "./field-path.js";

/** Read beside each id: `Active` or `Inactive`. */
export const ACCESS_STATUS_FIELD = "internal.status";
const PATH = ["internal", "status"] as const;

export const SCOPE_FIX =
  'Set "Access data for" in the permission group to "Select people by condition" and include the lifecycle ' +
  "statuses Employed, Hired, Leave (every kind of leave) and Terminated.";

export const INACTIVE_HIDDEN_WARNING =
  'No inactive employee is visible, although include_inactive is on: the permission group\'s "Access data for" ' +
  'shows active people only, as Bob\'s "Everyone" does. People on leave who are not kept active, and leavers, ' +
  "are then hidden, so absence from Bob proves nothing and learners are not archived as missing. " +
  SCOPE_FIX;

export type AbsenceProof = { readonly proves: true } | { readonly proves: false; readonly why: string };

function accessStatus(employee: unknown): string | undefined {
  const nested = readField(employee, PATH);
  if (typeof nested === "string") return nested;
  const slash = readField(employee, ["/internal/status", "value"]);
  return typeof slash === "string" ? slash : undefined;
}

/** Whether anyone in a search answer (read with `internal.status`) is Inactive: the scope shows inactive people. */
export function showsInactive(employees: readonly unknown[]): boolean {
  return employees.some((employee) => accessStatus(employee)?.toLowerCase() === "inactive");
}

/**
 * Whether a pass over `employees` (every visible person, read with `internal.status`) can prove that someone
 * missing from it is gone, and if not, why, in words that name the fix.
 */
export function absenceProof(employees: readonly unknown[], includeInactive: boolean): AbsenceProof {
  if (!includeInactive) {
    return {
      proves: false,
      why:
        "include_inactive is off, so inactive people are not read: someone on leave who is not kept active " +
        'looks gone. Turn include_inactive on and, if needed, widen "Access data for".',
    };
  }
  const readable = (employee: unknown): boolean =>
    hasField(employee, PATH) || hasField(employee, ["/internal/status"]);
  if (employees.length > 0 && !employees.some(readable)) {
    return {
      proves: false,
      why:
        "the service user cannot read Lifecycle › Status (internal.status), so it cannot tell who is inactive. " +
        "Allow the Lifecycle category in its permission group.",
    };
  }
  if (!showsInactive(employees)) {
    return {
      proves: false,
      why:
        'no inactive employee is visible: "Access data for" shows active people only, as Bob\'s "Everyone" ' +
        `does, so someone on leave who is not kept active looks gone. ${SCOPE_FIX}`,
    };
  }
  return { proves: true };
}

/** The source's WARN for a pass that cannot prove absence: nobody missing from it is taken for gone. */
export function absenceWarning(why: string): string {
  return `Absence from this read proves nothing, so nobody missing from it is taken for gone: ${why}`;
}
