// Whether the service user's view of Bob can prove someone gone. Leave makes a person Inactive unless "remain
// active" is ticked (garden leave turns Inactive after the last working day), and "Access data for" decides which
// lifecycle statuses the service user sees at all: Bob's "Everyone" shows active people only, a condition may list
// Terminated but leave out Leave. A person on leave the view hides vanishes exactly like a deleted person, so absence
// proves someone gone only when the pass itself shows that the view includes inactive people and people on leave.
import { hasField, readField } from "../shared/bob-field-path.js";

/** Read beside each id: `Active` or `Inactive`, and the lifecycle status (`employed`, `leave`, `terminated` …). */
export const ACCESS_FIELDS = ["internal.status", "internal.lifecycleStatus"] as const;
const STATUS_PATH = ["internal", "status"] as const;
const LIFECYCLE_PATH = ["internal", "lifecycleStatus"] as const;

export const SCOPE_FIX =
  'Set "Access data for" in the permission group to "Select people by condition" and include the lifecycle ' +
  "statuses Employed, Hired, Leave (every kind of leave) and Terminated.";

const TERMINATED_SCOPE_WARNING =
  "No terminated employee is visible, although include_inactive is on, so leavers cannot be archived as " +
  'terminated. If the company has had leavers, the permission group\'s "Access data for" leaves them out. ' +
  SCOPE_FIX;

export type AbsenceProof = { readonly proves: true } | { readonly proves: false; readonly why: string };

/** A field read in Bob's nested form or, from a `humanReadable: false` search, its slash form. */
function textAt(employee: unknown, path: readonly [string, string]): string | undefined {
  const nested = readField(employee, path);
  if (typeof nested === "string") return nested.toLowerCase();
  const slash = readField(employee, [`/${path.join("/")}`, "value"]);
  return typeof slash === "string" ? slash.toLowerCase() : undefined;
}

const readable = (employee: unknown): boolean =>
  hasField(employee, STATUS_PATH) || hasField(employee, ["/internal/status"]);

/** Every kind of leave Bob names: `leave`, `parental leave`, `garden leave` and company-defined `… leave`. */
function isLeave(lifecycle: string | undefined): boolean {
  return lifecycle === "leave" || lifecycle?.endsWith(" leave") === true;
}

/** Whether anyone in a search answer is Inactive: the scope shows inactive people. */
export function showsInactive(employees: readonly unknown[]): boolean {
  return employees.some((employee) => textAt(employee, STATUS_PATH) === "inactive");
}

/** Whether anyone in a search answer is on leave of any kind: the scope includes the Leave statuses. */
export function showsLeave(employees: readonly unknown[]): boolean {
  return employees.some((employee) => isLeave(textAt(employee, LIFECYCLE_PATH)));
}

const isTerminated = (employee: unknown): boolean => textAt(employee, LIFECYCLE_PATH) === "terminated";

/** Whether anyone in a search answer is terminated: leavers are in the service user's scope. */
export function seesTerminated(employees: readonly unknown[]): boolean {
  return employees.some(isTerminated);
}

/** How many people in a search answer are terminated. */
export function terminatedCount(employees: readonly unknown[]): number {
  return employees.filter(isTerminated).length;
}

/**
 * Whether a pass over `employees` (every visible person, read with the access fields) can prove that someone
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
  if (!showsLeave(employees)) {
    return {
      proves: false,
      why:
        'nobody on leave is visible. Either nobody is on leave today, or "Access data for" leaves out the ' +
        "Leave statuses and someone on leave would look gone. This lifts by itself once someone on leave is " +
        `visible. ${SCOPE_FIX}`,
    };
  }
  return { proves: true };
}

/** The WARN (source) or check warning for a view that cannot prove absence: nobody missing is taken for gone. */
export function absenceWarning(why: string): string {
  return `Absence from Bob proves nothing in this view, so no learner is archived as missing: ${why}`;
}

/** What `check` warns about the service user's scope, or null when it can prove absence and sees leavers. */
export function scopeWarning(everyone: readonly unknown[], includeInactive: boolean): string | null {
  const proof = absenceProof(everyone, includeInactive);
  if (!proof.proves) return absenceWarning(proof.why);
  return seesTerminated(everyone) ? null : TERMINATED_SCOPE_WARNING;
}
