// The demo tells what happened: what the day did in Bob (from the emulator) and what each sync did about it (from
// its report), every number counted from the run, so the story cannot drift from the reports beside it.
import { triggerText } from "../learner-events/index.js";
import { formatCount } from "./report-table.js";
import type { LearnerChangeEntry, SyncReport } from "./sync-report.js";

/** A day in Bob as the demo saw it: who was hired, changed, terminated (and from when), rehired, renamed. */
export interface DemoDay {
  readonly today: string;
  readonly hired: readonly string[];
  readonly changed: readonly { readonly id: string; readonly promoted: boolean }[];
  /** `date`: the termination date; after today, the termination is scheduled. */
  readonly terminated: readonly { readonly id: string; readonly date: string }[];
  readonly rehired: readonly { readonly id: string; readonly start: string }[];
  readonly emailChanged: readonly string[];
}

const counted = (count: number, one: string, many = `${one}s`): string =>
  `${formatCount(count)} ${count === 1 ? one : many}`;

const when = (date: string, today: string): string => (date <= today ? "today" : date);

/** `4 hires, 10 people changed (…; 2 promoted to manager), 3 terminations (1 effective today, 2 scheduled), …`. */
export function dayText(day: DemoDay): string {
  const promoted = day.changed.filter((entry) => entry.promoted).length;
  const effective = day.terminated.filter((entry) => entry.date <= day.today).length;
  const scheduled = day.terminated.length - effective;
  const starts = day.rehired.map((entry) => when(entry.start, day.today));
  const parts = [
    day.hired.length > 0 ? counted(day.hired.length, "hire") : null,
    day.changed.length > 0
      ? `${counted(day.changed.length, "person", "people")} changed (title, department, manager, site or ` +
        `phone; ${formatCount(promoted)} promoted to manager)`
      : null,
    day.terminated.length > 0
      ? `${counted(day.terminated.length, "termination")} (${formatCount(effective)} effective today, ` +
        `${formatCount(scheduled)} scheduled)`
      : null,
    day.rehired.length > 0
      ? `${counted(day.rehired.length, "rehire")} (starting ${starts.join(", ")})`
      : null,
    day.emailChanged.length > 0 ? counted(day.emailChanged.length, "email change") : null,
  ];
  const said = parts.filter((part) => part !== null);
  return said.length === 0 ? "nothing changed" : said.join(", ");
}

/** `Security basics to 458 learners (new learner)`, one per course and trigger. */
function coursesText(report: SyncReport): string | null {
  const courses = report.course_assignments ?? [];
  if (courses.length === 0) return null;
  return courses
    .map(
      (entry) => `${entry.course} to ${counted(entry.learners, "learner")} (${triggerText(entry.trigger)})`,
    )
    .join(", ");
}

/** What the first sync did, from its report: learners created, leavers given none, rejects, courses. */
export function firstSyncStory(report: SyncReport): string[] {
  const { created, leavers_not_created: leavers, rejected } = report.learners;
  const courses = coursesText(report);
  return [
    `The first sync created ${counted(created, "learner")} and gave none to ${counted(leavers, "leaver")}` +
      `${rejected === 0 ? "" : `; it rejected ${counted(rejected, "employee")} (see the report)`}.`,
    ...(courses === null ? [] : [`Courses assigned: ${courses}.`]),
  ];
}

/** The employee ids of the listed changes, by action. */
function changedIds(changes: readonly LearnerChangeEntry[]): ReadonlyMap<string, ReadonlySet<string>> {
  const byAction = new Map<string, Set<string>>();
  for (const change of changes) {
    if (change.employee_id === null) continue;
    const ids = byAction.get(change.action) ?? new Set<string>();
    ids.add(change.employee_id);
    byAction.set(change.action, ids);
  }
  return byAction;
}

/** The learner fields the listed updates of `ids` changed, in first-seen order. */
function fieldsOf(changes: readonly LearnerChangeEntry[], ids: ReadonlySet<string>): string[] {
  const fields = new Set<string>();
  for (const change of changes) {
    if (change.action !== "update" || change.employee_id === null || !ids.has(change.employee_id)) continue;
    const listed = change.change?.action === "update" ? change.change.fields : [];
    for (const entry of listed) fields.add(entry.field);
  }
  return [...fields];
}

/**
 * What the next day's sync did with the day, line by line, each number counted from its report: whom it
 * created, archived, kept and updated, the updates the day's changes caused for others (a manager who left or
 * changed email, a first report), then the courses.
 */
export function nextSyncStory(day: DemoDay, report: SyncReport): string[] {
  const ids = changedIds(report.changes);
  const did = (action: string, list: readonly string[]): number =>
    list.filter((id) => ids.get(action)?.has(id) === true).length;
  const lines: string[] = [];
  const hired = day.hired;
  if (hired.length > 0)
    lines.push(`${counted(hired.length, "hire")}: ${counted(did("create", hired), "learner")} created`);
  const rehired = day.rehired.map((entry) => entry.id);
  if (rehired.length > 0) {
    // A leaver who never had a learner gets a new one; one whose learner was archived gets it back.
    const [created, reactivated] = [did("create", rehired), did("reactivate", rehired)];
    const back = [
      ...(created > 0 ? [`${counted(created, "learner")} created`] : []),
      ...(reactivated > 0 ? [`${counted(reactivated, "learner")} reactivated`] : []),
    ];
    lines.push(`${counted(rehired.length, "rehire")}: ${back.join(", ") || "no learner written"}`);
  }
  if (day.terminated.length > 0)
    lines.push(terminationsLine(day, (id) => ids.get("archive")?.has(id) === true));
  const changed = day.changed.map((entry) => entry.id);
  if (changed.length > 0)
    lines.push(
      `${counted(changed.length, "person", "people")} changed: ${counted(did("update", changed), "learner")} updated`,
    );
  if (day.emailChanged.length > 0) {
    const kept = did("update", day.emailChanged);
    lines.push(
      `${counted(day.emailChanged.length, "email change")}: ${counted(kept, "learner")} kept (same employee id), ` +
        "the email updated",
    );
  }
  const own = new Set([
    ...hired,
    ...rehired,
    ...changed,
    ...day.emailChanged,
    ...day.terminated.map((entry) => entry.id),
  ]);
  const others = new Set([...(ids.get("update") ?? [])].filter((id) => !own.has(id)));
  if (others.size > 0) lines.push(othersLine(others.size, fieldsOf(report.changes, others)));
  const courses = coursesText(report);
  if (courses !== null) lines.push(`Courses assigned: ${courses}`);
  if (report.changes_not_listed > 0)
    lines.push(
      `(Counted from the ${formatCount(report.changes.length)} changes the report lists; ` +
        `${formatCount(report.changes_not_listed)} more are counted only.)`,
    );
  return lines;
}

/** Fields of a learner that follow from someone else: its manager's, or its role as someone's manager. */
const FOLLOWING = /^(?:role|manager_\w+)$/;

/** The learners updated though the day did not change them: what changed, and why when the fields say so. */
function othersLine(count: number, fields: readonly string[]): string {
  const because = fields.length > 0 && fields.every((field) => FOLLOWING.test(field));
  const why = because ? " because their manager or their reports changed" : " with them";
  return `${counted(count, "other learner")} updated${why}${fields.length === 0 ? "" : `: ${fields.join(", ")}`}`;
}

/** `3 terminations: 1 effective today, 1 learner archived; 2 scheduled (2026-12-15, 2026-12-28), 2 kept active until then`. */
function terminationsLine(day: DemoDay, archived: (id: string) => boolean): string {
  const effective = day.terminated.filter((entry) => entry.date <= day.today);
  const scheduled = day.terminated.filter((entry) => entry.date > day.today);
  const parts: string[] = [];
  if (effective.length > 0) {
    const done = effective.filter((entry) => archived(entry.id)).length;
    parts.push(`${formatCount(effective.length)} effective today, ${counted(done, "learner")} archived`);
  }
  if (scheduled.length > 0) {
    const kept = scheduled.filter((entry) => !archived(entry.id)).length;
    const dates = scheduled.map((entry) => entry.date).join(", ");
    parts.push(
      `${formatCount(scheduled.length)} scheduled (${dates}), ${formatCount(kept)} kept active until then`,
    );
  }
  return `${counted(day.terminated.length, "termination")}: ${parts.join("; ")}`;
}
