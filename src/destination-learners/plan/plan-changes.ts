import type { CourseRule, CourseTrigger } from "./config.js";
import type { Learner } from "./learner.js";
import { LEARNER_FIELDS } from "./learner.js";

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

/**
 * How long a learner the target created for an employee still counts as new: a `new_learner` rule whose course
 * it does not hold yet still fires. A sync that failed between creating learners and assigning their courses
 * is re-run well within it, and a new rule reaches only this week's hires, never long-standing learners.
 */
export const NEW_LEARNER_DAYS = 7;

export interface ExistingAssignment {
  readonly ref: string;
  readonly course: string;
}

export interface PlanOptions {
  readonly archive_terminated: boolean;
  readonly archive_missing: boolean;
  readonly max_archive_percent: number;
  readonly course_rules: readonly CourseRule[];
  readonly notify_new_learners: boolean;
  /** True when `desired` is every employee Bob returned (a full sync): only then does absence mean "gone". */
  readonly snapshot: boolean;
  /**
   * The learner fields the target stores (`TargetSnapshot.fields`); undefined: all. A field the target cannot
   * hold reads back empty, so comparing it would plan the same update at every sync.
   */
  readonly fields?: readonly (keyof Learner)[] | undefined;
  /**
   * False when the target keeps no manager id to read back (EasyLlama stores the manager's name): a manager link
   * is then planned only when a stored manager field (name, email) changes, not at every sync. Undefined: true.
   */
  readonly manager_links?: boolean | undefined;
  /** Learners already archived as gone from Bob earlier in this sync: the cap counts the whole sync. */
  readonly archived_as_gone?: number | undefined;
  /**
   * When the sync started (ISO 8601): a learner the target created for the same employee within NEW_LEARNER_DAYS
   * before it is still new. Undefined: only a learner the plan creates is new.
   */
  readonly now?: string | undefined;
}

export interface FieldChange {
  readonly field: keyof Learner;
  readonly from: string | null;
  readonly to: string | null;
}

/** A change to a learner the target already has: only the fields that differ, old → new. */
export interface LearnerChange {
  readonly ref: string;
  readonly learner: Learner;
  readonly changes: readonly FieldChange[];
}

/** terminated: Bob says so; missing: absent from a complete full refresh; deleted: a deletion record. */
export interface Archive extends LearnerChange {
  readonly reason: "terminated" | "missing" | "deleted";
}

/** Second pass: point a learner at its manager once every learner exists, whatever order records came in. */
export interface ManagerLink {
  readonly external_id: string;
  readonly manager_external_id: string | null;
}

export interface Assignment {
  readonly external_id: string;
  readonly email: string;
  readonly course: string;
  readonly trigger: CourseTrigger;
}

export type Notification =
  | { readonly kind: "new_learner"; readonly external_id: string; readonly email: string }
  | {
      readonly kind: "assignment";
      readonly external_id: string;
      readonly email: string;
      readonly course: string;
    };

export interface PlanReject {
  readonly external_id: string;
  readonly email: string;
  readonly reason: string;
}

/** Why missing employees were not archived: the safety cap held. */
export interface ArchiveHold {
  readonly missing: number;
  readonly managed: number;
  readonly percent: number;
  readonly max_percent: number;
  readonly message: string;
}

export interface Plan {
  readonly creates: readonly Learner[];
  readonly updates: readonly LearnerChange[];
  readonly archives: readonly Archive[];
  readonly reactivations: readonly LearnerChange[];
  readonly managers: readonly ManagerLink[];
  readonly assignments: readonly Assignment[];
  readonly notifications: readonly Notification[];
  readonly rejects: readonly PlanReject[];
  readonly unchanged: number;
  /** Employees Bob reports terminated who have no learner: none is created for them. */
  readonly leavers_not_created: number;
  readonly archive_hold: ArchiveHold | null;
}

const fold = (value: string): string => value.trim().toLowerCase();

function diff(
  current: CurrentLearner["learner"],
  desired: Learner,
  fields: readonly (keyof Learner)[] = LEARNER_FIELDS,
): FieldChange[] {
  return fields
    .filter((field) => current[field] !== desired[field])
    .map((field) => ({
      field,
      from: current[field],
      to: desired[field],
    }));
}

interface Match {
  readonly desired: Learner;
  readonly current: CurrentLearner | undefined;
}

/** By external id first, then by case-insensitive email (a rehire under a new id, a pre-existing LMS user). */
function match(current: readonly CurrentLearner[], desired: readonly Learner[]): Match[] {
  const byId = new Map<string, CurrentLearner>();
  const byEmail = new Map<string, CurrentLearner>();
  for (const entry of current) {
    if (entry.learner.external_id !== null) byId.set(entry.learner.external_id, entry);
    byEmail.set(fold(entry.learner.email), entry);
  }
  const desiredIds = new Set(desired.map((learner) => learner.external_id));
  const taken = new Set<string>();
  const matches = desired.map((learner): Match => {
    const found = byId.get(learner.external_id);
    if (found !== undefined) taken.add(found.ref);
    return { desired: learner, current: found };
  });
  return matches.map((entry) => {
    if (entry.current !== undefined) return entry;
    const found = byEmail.get(entry.desired.email);
    if (found === undefined || heldByOther(found, entry.desired, desiredIds) || taken.has(found.ref))
      return entry;
    taken.add(found.ref);
    return { desired: entry.desired, current: found };
  });
}

/**
 * A learner found by email belongs to another employee when its external id differs and that employee is still
 * in this batch or its learner still active (two employees claiming one email): only an archived one is a rehire.
 */
function heldByOther(found: CurrentLearner, desired: Learner, desiredIds: ReadonlySet<string>): boolean {
  const owner = found.learner.external_id;
  if (owner === null || owner === desired.external_id) return false;
  return desiredIds.has(owner) || found.learner.status === "active";
}

/** Why an email cannot be this employee's: naming the Bob employee whose active learner holds it, when one does. */
function emailTaken(email: string, owner: CurrentLearner | undefined): string {
  const id = owner?.learner.status === "active" ? owner.learner.external_id : null;
  return id === null
    ? `email ${email} belongs to another learner in the target`
    : `email ${email} already belongs to the active learner of Bob employee ${id}`;
}

function ruleApplies(rule: CourseRule, learner: Learner): boolean {
  const where = rule.where;
  if (where === undefined) return true;
  const same = (want: string | undefined, have: string | null) =>
    want === undefined || (have !== null && fold(want) === fold(have));
  return (
    same(where.department, learner.department) &&
    same(where.location, learner.location) &&
    same(where.employment_type, learner.employment_type) &&
    (where.role === undefined || where.role === learner.role)
  );
}

const DAY_MS = 86_400_000;

/** The earliest creation time (epoch ms) of a learner that is still new, or undefined when `now` is unknown. */
function newSince(now: string | undefined): number | undefined {
  const at = now === undefined ? Number.NaN : Date.parse(now);
  return Number.isNaN(at) ? undefined : at - NEW_LEARNER_DAYS * DAY_MS;
}

/**
 * A learner the target created for this very employee (same external id) at or after `since`. A time ahead of
 * the sync's own (clock skew) counts as recent; an unreadable or absent one does not.
 */
function recentlyCreated(current: CurrentLearner, desired: Learner, since: number | undefined): boolean {
  if (since === undefined || current.created_at === undefined) return false;
  if (current.learner.external_id !== desired.external_id) return false;
  const created = Date.parse(current.created_at);
  return !Number.isNaN(created) && created >= since;
}

function triggers(
  current: CurrentLearner | undefined,
  desired: Learner,
  since: number | undefined,
): Set<CourseTrigger> {
  const fired = new Set<CourseTrigger>();
  if (desired.status !== "active") return fired;
  // Not an event but a state: every active learner should hold the course, whenever the rule was added.
  fired.add("every_learner");
  if (current === undefined) return fired.add("new_learner");
  // Still new: its `new_learner` courses are due if a failed sync created it without them (the dedupe below
  // skips those it holds).
  if (recentlyCreated(current, desired, since)) fired.add("new_learner");
  const held = current.learner;
  if (held.role !== "supervisor" && desired.role === "supervisor") fired.add("promoted_to_supervisor");
  if (desired.location !== null && held.location !== desired.location) fired.add("moved_location");
  if (desired.department !== null && held.department !== desired.department) fired.add("moved_department");
  return fired;
}

/**
 * What to change in a target so it holds the desired learners: pure, so dry_run and every target share it.
 * Nothing in the result means nothing to write.
 */
export function planChanges(
  current: readonly CurrentLearner[],
  desired: readonly Learner[],
  existingAssignments: readonly ExistingAssignment[],
  options: PlanOptions,
  /** External ids the source reported deleted: archived when `archive_missing` is on. */
  deleted: readonly string[] = [],
): Plan {
  const creates: Learner[] = [];
  const updates: LearnerChange[] = [];
  const archives: Archive[] = [];
  const reactivations: LearnerChange[] = [];
  const managers: ManagerLink[] = [];
  const rejects: PlanReject[] = [];
  const assignments: Assignment[] = [];
  let unchanged = 0;
  let leaversNotCreated = 0;

  const matches = match(current, desired);
  const emailOwners = new Map<string, string>();
  const matchedRefs = new Set(matches.flatMap((entry) => (entry.current ? [entry.current.ref] : [])));
  // Who holds each email once the plan is applied: learners left alone keep theirs, matched ones take the new one.
  for (const entry of current)
    if (!matchedRefs.has(entry.ref)) emailOwners.set(fold(entry.learner.email), entry.ref);
  // A learner keeping its email wins it over one changing onto it.
  const keeping = (entry: Match) =>
    entry.current !== undefined && fold(entry.current.learner.email) === entry.desired.email;
  for (const entry of [...matches.filter(keeping), ...matches.filter((entry) => !keeping(entry))]) {
    if (entry.current !== undefined && !emailOwners.has(entry.desired.email)) {
      emailOwners.set(entry.desired.email, entry.current.ref);
    }
  }

  const byRef = new Map(current.map((entry) => [entry.ref, entry]));
  const assigned = new Set(existingAssignments.map((entry) => `${entry.ref}\u0000${entry.course}`));
  const planned = new Set<string>();
  const since = newSince(options.now);

  for (const { desired: wanted, current: found } of matches) {
    // A terminated employee never becomes a learner, whatever archive_terminated says.
    if (found === undefined && wanted.status === "archived") {
      leaversNotCreated += 1;
      continue;
    }
    // archive_terminated off: a terminated employee's learner keeps the status it has.
    const target: Learner =
      found !== undefined && wanted.status === "archived" && !options.archive_terminated
        ? { ...wanted, status: found.learner.status }
        : wanted;
    const owner = emailOwners.get(target.email);
    if (owner !== undefined && owner !== found?.ref) {
      rejects.push({
        external_id: target.external_id,
        email: target.email,
        reason: emailTaken(target.email, byRef.get(owner)),
      });
      continue;
    }
    emailOwners.set(target.email, found?.ref ?? `new:${target.external_id}`);

    if (found === undefined) {
      creates.push(target);
      if (target.manager_external_id !== null) {
        managers.push({ external_id: target.external_id, manager_external_id: target.manager_external_id });
      }
    } else {
      const changes = diff(found.learner, target, options.fields);
      if (changes.length === 0) unchanged += 1;
      const change = { ref: found.ref, learner: target, changes };
      if (found.learner.status === "archived" && target.status === "active") reactivations.push(change);
      else if (found.learner.status === "active" && target.status === "archived") {
        archives.push({ ...change, reason: "terminated" });
      } else if (changes.length > 0) updates.push(change);
      // Links are compared whether or not the target stores the manager's id as a field: a SCIM link to a
      // manager not yet there reads back empty, and is planned again until it can be made.
      const relinked =
        options.manager_links === false
          ? changes.some((entry) => entry.field === "manager_name" || entry.field === "manager_email")
          : found.learner.manager_external_id !== target.manager_external_id;
      if (relinked) {
        managers.push({ external_id: target.external_id, manager_external_id: target.manager_external_id });
      }
    }

    const fired = triggers(found, target, since);
    const key = found?.ref ?? `new:${target.external_id}`;
    for (const rule of options.course_rules) {
      const once = `${key}\u0000${rule.course}`;
      if (!fired.has(rule.when) || !ruleApplies(rule, target) || assigned.has(once) || planned.has(once))
        continue;
      planned.add(once);
      assignments.push({
        external_id: target.external_id,
        email: target.email,
        course: rule.course,
        trigger: rule.when,
      });
    }
  }

  const deletedArchives = deletedLearners(current, deleted, matchedRefs, options);
  const deletedRefs = new Set(deletedArchives.map((entry) => entry.ref));
  const missing = options.snapshot
    ? absentLearners(current, (entry) => matchedRefs.has(entry.ref) || deletedRefs.has(entry.ref))
    : [];
  // Deleted and missing are both "gone from Bob" (inferred, unlike terminations): one cap over both.
  const { gone, hold } = capGone(current, [...deletedArchives, ...missing], options);
  archives.push(...gone);

  const notifications: Notification[] = options.notify_new_learners
    ? [
        ...creates.map((learner): Notification => ({
          kind: "new_learner",
          external_id: learner.external_id,
          email: learner.email,
        })),
        ...assignments.map((entry): Notification => ({
          kind: "assignment",
          external_id: entry.external_id,
          email: entry.email,
          course: entry.course,
        })),
      ]
    : [];

  return {
    creates,
    updates,
    archives,
    reactivations,
    managers,
    assignments,
    notifications,
    rejects,
    unchanged,
    leavers_not_created: leaversNotCreated,
    archive_hold: hold,
  };
}

function archiveOf(entry: CurrentLearner, reason: Archive["reason"]): Archive {
  const learner = {
    ...entry.learner,
    external_id: entry.learner.external_id ?? "",
    status: "archived" as const,
  };
  return { ref: entry.ref, learner, changes: [{ field: "status", from: "active", to: "archived" }], reason };
}

/** Active learners whose employee a deletion record reports gone; matched by external id, the only key it has. */
function deletedLearners(
  current: readonly CurrentLearner[],
  deleted: readonly string[],
  matchedRefs: ReadonlySet<string>,
  options: PlanOptions,
): Archive[] {
  if (!options.archive_missing || deleted.length === 0) return [];
  const ids = new Set(deleted);
  return current
    .filter(
      (entry) =>
        entry.learner.external_id !== null &&
        ids.has(entry.learner.external_id) &&
        entry.learner.status === "active" &&
        !matchedRefs.has(entry.ref),
    )
    .map((entry) => archiveOf(entry, "deleted"));
}

const managedLearners = (current: readonly CurrentLearner[]): CurrentLearner[] =>
  current.filter((entry) => entry.learner.external_id !== null && entry.learner.status === "active");

/** Active managed learners not `present`, as "missing" archives. */
function absentLearners(
  current: readonly CurrentLearner[],
  present: (entry: CurrentLearner) => boolean,
): Archive[] {
  return managedLearners(current)
    .filter((entry) => !present(entry))
    .map((entry) => archiveOf(entry, "missing"));
}

/**
 * Learners gone from Bob (deleted or missing) are archived unless, with those already archived as gone in this
 * sync, more than the cap's share of the managed learners would go: then none are, and the hold says why.
 */
function capGone(
  current: readonly CurrentLearner[],
  candidates: readonly Archive[],
  options: Omit<PlanOptions, "snapshot">,
): { gone: Archive[]; hold: ArchiveHold | null } {
  if (!options.archive_missing || candidates.length === 0) return { gone: [], hold: null };
  const before = options.archived_as_gone ?? 0;
  const count = candidates.length + before;
  const managed = managedLearners(current).length + before;
  const percent = (count / managed) * 100;
  if (percent <= options.max_archive_percent) return { gone: [...candidates], hold: null };
  const rounded = Math.round(percent * 10) / 10;
  return {
    gone: [],
    hold: {
      missing: count,
      managed,
      percent: rounded,
      max_percent: options.max_archive_percent,
      message:
        `${count} of ${managed} active learners (${rounded}%) are gone from Bob (deleted or no longer returned), ` +
        `more than max_archive_percent (${options.max_archive_percent}%), so none were archived as missing. ` +
        "Check the Bob service user's access (terminated or filtered people) or raise max_archive_percent.",
    },
  };
}

export const EMPTY_PLAN: Plan = {
  creates: [],
  updates: [],
  archives: [],
  reactivations: [],
  managers: [],
  assignments: [],
  notifications: [],
  rejects: [],
  unchanged: 0,
  leavers_not_created: 0,
  archive_hold: null,
};

/**
 * The archive pass of a complete full refresh that arrived over several states: once every batch is applied,
 * the learners whose external id never came (`present`) are missing, subject to the same cap as `planChanges`.
 */
export function planMissing(
  current: readonly CurrentLearner[],
  present: ReadonlySet<string>,
  options: Omit<PlanOptions, "snapshot">,
): Plan {
  const missing = absentLearners(
    current,
    (entry) => entry.learner.external_id !== null && present.has(entry.learner.external_id),
  );
  const { gone, hold } = capGone(current, missing, options);
  return { ...EMPTY_PLAN, archives: gone, archive_hold: hold };
}

/** The `update` sync mode: change learners the target has, create none (nor link, assign or notify them). */
export function withoutCreates(plan: Plan): Plan {
  const created = new Set(plan.creates.map((learner) => learner.external_id));
  const kept = (entry: { readonly external_id: string }) => !created.has(entry.external_id);
  return {
    ...plan,
    creates: [],
    managers: plan.managers.filter(kept),
    assignments: plan.assignments.filter(kept),
    notifications: plan.notifications.filter(kept),
  };
}

/**
 * A plan's assignments in the order a target writing one request at a time makes them. `early` ones go to
 * learners the target already holds active (`holds`: known to it by external id) and not reactivated: they are
 * written before the learner changes, because a change-based trigger (a promotion, a move) fires only while the
 * change is still to make. A sync failing between the two then leaves the change unmade, and the next sync plans
 * both again and finds the course held. `late` ones wait for their learner to be created or reactivated.
 */
export function assignmentOrder(
  plan: Plan,
  holds: (externalId: string) => boolean,
): { readonly early: readonly Assignment[]; readonly late: readonly Assignment[] } {
  const arriving = new Set([
    ...plan.creates.map((learner) => learner.external_id),
    ...plan.reactivations.map((entry) => entry.learner.external_id),
  ]);
  const early: Assignment[] = [];
  const late: Assignment[] = [];
  for (const entry of plan.assignments) {
    if (arriving.has(entry.external_id) || !holds(entry.external_id)) late.push(entry);
    else early.push(entry);
  }
  return { early, late };
}

/** True when the plan writes nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return (
    plan.creates.length +
      plan.updates.length +
      plan.archives.length +
      plan.reactivations.length +
      plan.managers.length +
      plan.assignments.length +
      plan.notifications.length ===
    0
  );
}
