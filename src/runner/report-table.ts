import { personText, rejectText, triggerText } from "../learner-events/index.js";
import { countLabels, listTitles, runTitle } from "./learner-counts.js";
import type {
  CourseAssignments,
  LearnerChangeEntry,
  RunFailure,
  StreamReport,
  SyncReport,
} from "./sync-report.js";
import { terminalText } from "./terminal-text.js";

export interface ReportTableOptions {
  /** Change lines shown before "… and N more"; the report files list the rest. */
  readonly maxChanges?: number;
  readonly maxRejects?: number;
}

const WIDTH = 100;
const INDENT = "  ";
const MORE = "(see the report files)";

export const formatCount = (value: number): string => value.toLocaleString("en-US");

export const checkpointsText = (count: number): string =>
  `${formatCount(count)} checkpoint${count === 1 ? "" : "s"}`;

/** `4.2 s`, `3 min 5 s`, `1 h 2 min`. */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "an unknown time";
  const tenths = Math.round(seconds * 10) / 10;
  if (tenths < 60) return `${tenths} s`;
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min ${total % 60} s`;
}

export function runSeconds(report: Pick<SyncReport, "started_at" | "ended_at">): number {
  return (Date.parse(report.ended_at) - Date.parse(report.started_at)) / 1000;
}

export const syncModeText = (mode: StreamReport["sync_mode"]): string => mode.replaceAll("_", " ");

export function failureText(failure: RunFailure): string {
  const where: string[] = [failure.origin];
  if (failure.stream !== null) where.push(`stream ${failure.stream}`);
  if (failure.failure_type !== null) where.push(failure.failure_type);
  return `${where.join(", ")}: ${failure.message}`;
}

// Columns counted in graphemes: close enough for names with accents or emoji, unlike UTF-16 units.
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
const graphemes = (text: string): string[] => Array.from(segmenter.segment(text), (part) => part.segment);
const width = (text: string): number => graphemes(text).length;

function clip(line: string): string {
  const chars = graphemes(terminalText(line));
  return chars.length <= WIDTH ? chars.join("") : `${chars.slice(0, WIDTH - 1).join("")}…`;
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((row) => row.map(terminalText));
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? "")))) ?? [];
  return cells.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - width(cell))))
      .join("  "),
  );
}

/** Joins items with " · ", breaking lines before WIDTH and indenting continuations under the first item. */
function wrap(prefix: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  let line = prefix;
  for (const item of items) {
    if (line === prefix) line += item;
    else if (width(line) + 3 + width(item) <= WIDTH) line += ` · ${item}`;
    else {
      lines.push(line);
      line = " ".repeat(width(prefix)) + item;
    }
  }
  return [...lines, line];
}

function streamLines(streams: readonly StreamReport[]): string[] {
  if (streams.length === 0) return ["Streams: none"];
  return columns([
    ["Stream", "Mode", "Read", "Committed", "Status"],
    ...streams.map((stream) => [
      stream.name,
      syncModeText(stream.sync_mode),
      formatCount(stream.records_read),
      formatCount(stream.records_committed),
      stream.status,
    ]),
  ]);
}

/** `create learner Jane Doe <jane@acme.test>`, `update learner …: title: "A" → "B"`: who, then what changed. */
const changeLine = (change: LearnerChangeEntry): string =>
  `${change.action} learner ${personText(change)}${change.detail === "" ? "" : `: ${change.detail}`}`;

/** `Security basics: 458 learners (new learner)`. */
export const courseText = ({ course, trigger, learners }: CourseAssignments): string =>
  `${course}: ${formatCount(learners)} learner${learners === 1 ? "" : "s"} (${triggerText(trigger)})`;

/** The first `max` lines indented, then one "… and N more" line for the rest. */
function listed<T>(entries: readonly T[], max: number, line: (entry: T) => string): string[] {
  const shown = entries.slice(0, Math.max(0, max)).map((entry) => clip(INDENT + line(entry)));
  const more = entries.length - shown.length;
  return more > 0 ? [...shown, `${INDENT}… and ${formatCount(more)} more ${MORE}`] : shown;
}

function changeLines(report: SyncReport, max: number): string[] {
  const total = report.changes.length + report.changes_not_listed;
  const title = listTitles(report.dry_run).changes;
  if (total === 0) return [`${title}: none`];
  const first =
    report.changes_not_listed > 0
      ? ` (first ${formatCount(report.changes.length)} listed in the HTML report)`
      : "";
  return [`${title}: ${formatCount(total)}${first}`, ...listed(report.changes, max, changeLine)];
}

function rejectLines(report: SyncReport, max: number): string[] {
  const { rejects } = report;
  if (rejects.length === 0) return [];
  const title = listTitles(report.dry_run).rejects;
  return [`${title} (${formatCount(rejects.length)}):`, ...listed(rejects, max, rejectText)];
}

/** One line per course and trigger, however many learners: `Security basics: 458 learners (new learner)`. */
function courseLines(report: SyncReport): string[] {
  const courses = report.course_assignments ?? [];
  if (courses.length === 0) return [];
  const total = courses.reduce((sum, entry) => sum + entry.learners, 0);
  const title = listTitles(report.dry_run).courses;
  return [`${title} (${formatCount(total)}):`, ...courses.map((entry) => clip(INDENT + courseText(entry)))];
}

function header(report: SyncReport): string {
  const took = durationText(runSeconds(report));
  const outcome = report.status === "succeeded" ? `succeeded in ${took}` : `failed after ${took}`;
  return clip(`${runTitle(report.dry_run)} ${report.connection}  ${report.started_at}  ${outcome}`);
}

/** Where the next sync resumes; a dry run saves nothing. */
export function stateText(report: SyncReport): string {
  return report.dry_run
    ? "not saved: a dry run writes nothing, so the next sync starts where this one did"
    : `${report.state.file} (${checkpointsText(report.state.checkpoints)} saved)`;
}

/**
 * The rejects of earlier syncs this one retried, when there were any: how many it resolved (written, archived,
 * or already as Bob has them) and, apart, how many it left out (gone from Bob, out of a filter or the service
 * user's view, or not created in update mode), which were never written.
 */
export function retriedText(report: SyncReport): string | null {
  const retried = report.retried_rejects;
  if (retried === null || retried.retried === 0) return null;
  const text = `${formatCount(retried.retried)} retried, ${formatCount(retried.resolved)} resolved`;
  return retried.left_out === 0
    ? text
    : `${text}, ${formatCount(retried.left_out)} left out (gone from Bob, outside the filters or the service ` +
        "user's view, or not created in update mode)";
}

const optional = (text: string | null, line: (text: string) => string): string[] =>
  text === null ? [] : [line(text)];

/** The end-of-sync summary for a terminal: plain text, at most about 100 columns. */
export function reportTable(report: SyncReport, options: ReportTableOptions = {}): string {
  const { count, seconds } = report.rate_limit_waits;
  const lines = [
    header(report),
    ...streamLines(report.streams),
    ...wrap(
      "Learners  ",
      countLabels(report.dry_run).map(([key, label]) => `${label} ${formatCount(report.learners[key])}`),
    ),
    count === 0
      ? "Rate-limit waits: 0"
      : `Rate-limit waits: ${formatCount(count)} (${durationText(seconds)})`,
    ...rejectLines(report, options.maxRejects ?? 20),
    ...optional(retriedText(report), (text) => `Rejects of earlier syncs: ${text}`),
    ...courseLines(report),
    ...changeLines(report, options.maxChanges ?? 20),
  ];
  if (report.warnings.length > 0) lines.push(`Warnings: ${formatCount(report.warnings.length)} ${MORE}`);
  lines.push(clip(`State: ${stateText(report)}`));
  if (report.learner_directory !== null) lines.push(clip(`Learner directory: ${report.learner_directory}`));
  // The one line a reader must see whole: it says what to fix.
  if (report.failure !== null) lines.push(`Failed: ${terminalText(failureText(report.failure))}`);
  return `${lines.join("\n")}\n`;
}
