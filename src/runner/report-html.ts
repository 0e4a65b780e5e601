import { shownName, triggerText } from "../learner-events/index.js";
import { countLabels, listTitles, runTitle } from "./learner-counts.js";
import {
  durationText,
  formatCount,
  retriedText,
  runSeconds,
  stateText,
  syncModeText,
} from "./report-table.js";
import type { RunFailure, SyncReport } from "./sync-report.js";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Every report string passes here: names, emails and reasons are HR data or remote error text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

// Opened from disk, possibly long after the run: nothing may load or run, even if escaping were ever missed.
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
  max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
.badge { border-radius: 1rem; padding: 0.1rem 0.7rem; color: #fff; font-size: 0.8em; vertical-align: middle; }
.succeeded { background: #1a7f37; } .failed { background: #cf222e; }
.failure { border: 2px solid #cf222e; border-radius: 0.4rem; background: #fff5f5; padding: 0 1rem; }
.none { color: #57606a; }
`;

type Cell = string | number | null;

const NONE = '<p class="none">None</p>';

function cell(value: Cell): string {
  if (typeof value === "number") return `<td class="num">${escapeHtml(formatCount(value))}</td>`;
  return `<td>${escapeHtml(value ?? "—")}</td>`;
}

function table(headings: readonly string[], rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return NONE;
  const head = headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map(cell).join("")}</tr>`).join("\n");
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function definitions(entries: readonly (readonly [string, string])[]): string {
  const items = entries.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`);
  return `<dl>\n${items.join("\n")}\n</dl>`;
}

const section = (heading: string, body: string, attributes = ""): string =>
  `<section${attributes}>\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;

function header(report: SyncReport): string {
  return `<header>
<h1>${escapeHtml(`${runTitle(report.dry_run)} ${report.connection}`)} <span class="badge ${escapeHtml(report.status)}">${escapeHtml(report.status)}</span></h1>
${definitions([
  ["Run", report.run_id],
  ["Started", report.started_at],
  ["Ended", report.ended_at],
  ["Duration", durationText(runSeconds(report))],
  ["State", stateText(report)],
  ["Learner directory", report.learner_directory ?? "None"],
  ["Rejects of earlier syncs", retriedText(report) ?? "None"],
])}
</header>`;
}

function failureBox(failure: RunFailure): string {
  const body = definitions([
    ["Origin", failure.origin],
    ["Stream", failure.stream ?? "—"],
    ["Failure type", failure.failure_type ?? "—"],
    ["Message", failure.message],
  ]);
  return section("The sync failed", body, ' class="failure"');
}

/** A name as the terminal shows it: quoted, with what hides spelled out, when it could mislead. */
const nameCell = (name: string | null | undefined): string | null =>
  name === undefined || name === null ? null : shownName(name);

function changes(report: SyncReport): string {
  const rows = report.changes.map((change) => [
    change.action,
    nameCell(change.name),
    change.email,
    change.detail,
    change.employee_id,
  ]);
  const listed = table(["Action", "Learner", "Email", "Detail", "Employee id"], rows);
  const more = report.changes_not_listed;
  if (more === 0) return listed;
  return `${listed}\n<p>${escapeHtml(`${formatCount(more)} more changes not listed.`)}</p>`;
}

function rateLimitWaits(report: SyncReport): string {
  const { count, seconds } = report.rate_limit_waits;
  if (count === 0) return NONE;
  return `<p>${escapeHtml(`${formatCount(count)} waits, ${durationText(seconds)} in total.`)}</p>`;
}

function warnings(list: readonly string[]): string {
  if (list.length === 0) return NONE;
  return `<ul>\n${list.map((warning) => `<li>${escapeHtml(warning)}</li>`).join("\n")}\n</ul>`;
}

/** The whole report as one HTML5 page with inline CSS only: no scripts, no external resources. */
export function reportHtml(report: SyncReport): string {
  const total = report.changes.length + report.changes_not_listed;
  const titles = listTitles(report.dry_run);
  const courses = report.course_assignments ?? [];
  const sections = [
    header(report),
    ...(report.failure === null ? [] : [failureBox(report.failure)]),
    section(
      "Streams",
      table(
        ["Stream", "Mode", "Records read", "Records committed", "Status"],
        report.streams.map((stream) => [
          stream.name,
          syncModeText(stream.sync_mode),
          stream.records_read,
          stream.records_committed,
          stream.status,
        ]),
      ),
    ),
    section(
      "Learners",
      table(
        ["Write", "Count"],
        countLabels(report.dry_run).map(([key, label]) => [label, report.learners[key]]),
      ),
    ),
    section("Rate-limit waits", rateLimitWaits(report)),
    section(
      `${titles.courses} (${formatCount(courses.reduce((sum, entry) => sum + entry.learners, 0))})`,
      table(
        ["Course", "Why", "Learners"],
        courses.map((entry) => [entry.course, triggerText(entry.trigger), entry.learners]),
      ),
    ),
    section(`${titles.changes} (${formatCount(total)})`, changes(report)),
    section(
      `${titles.rejects} (${formatCount(report.rejects.length)})`,
      table(
        ["Person", "Email", "Reason", "Employee id"],
        report.rejects.map((reject) => [
          nameCell(reject.name),
          reject.email,
          reject.reason,
          reject.employee_id,
        ]),
      ),
    ),
    section(`Warnings (${formatCount(report.warnings.length)})`, warnings(report.warnings)),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`hibob-learners ${runTitle(report.dry_run).toLowerCase()} ${report.connection} ${report.run_id}`)}</title>
<style>${STYLE}</style>
</head>
<body>
${sections.join("\n")}
</body>
</html>
`;
}
