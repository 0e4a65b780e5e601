import type { CountKey, Counts, ReportChange, ReportView } from "../api-types.js";
import { formatNumber, formatTime, h } from "./dom.js";
import { TRIGGER_LABELS } from "./labels.js";

const LABELS: Readonly<Record<CountKey, readonly [string, string]>> = {
  created: ["Created", "Would create"],
  updated: ["Updated", "Would update"],
  archived: ["Archived", "Would archive"],
  reactivated: ["Reactivated", "Would reactivate"],
  managers_linked: ["Managers linked", "Would link managers"],
  assigned: ["Courses assigned", "Would assign courses"],
  notified: ["Notified", "Would notify"],
  rejected: ["Rejected", "Would reject"],
  skipped: ["Skipped by filters", "Skipped by filters"],
  leavers_not_created: ["Leavers not created", "Leavers not created"],
};

export const countLabel = (key: CountKey, dryRun: boolean): string => LABELS[key][dryRun ? 1 : 0];

/** The counts as a definition list, in the runner's order. */
export function countList(
  counts: Counts,
  dryRun: boolean,
  keys: readonly CountKey[],
  extra: [string, string][] = [],
) {
  return h(
    "dl",
    { class: "counts" },
    ...extra.flatMap(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
    ...keys.flatMap((key) => [h("dt", {}, countLabel(key, dryRun)), h("dd", {}, formatNumber(counts[key]))]),
  );
}

const ALL_KEYS = Object.keys(LABELS) as CountKey[];

/** A person as a report names them: their name when the report has it, else their email, else their id. */
export function personOf(entry: {
  readonly employee_id: string | null;
  readonly email: string | null;
  readonly name?: string | null;
  readonly change?: { readonly name?: string | null };
}): string {
  const name = entry.change?.name ?? entry.name ?? null;
  const id = entry.employee_id === null ? "" : `employee ${entry.employee_id}`;
  if (name !== null && name !== "") {
    if (entry.email !== null) return `${name} <${entry.email}>`;
    return id === "" ? name : `${name} (${id})`;
  }
  if (entry.email !== null) return id === "" ? entry.email : `${entry.email} (${id})`;
  return id === "" ? "an unnamed record" : id;
}

const show = (value: string | null): string => (value === null || value === "" ? "(empty)" : value);

function changeItem(change: ReportChange): HTMLElement {
  const fields = change.change?.fields?.filter((field) => field.field !== "status") ?? [];
  if (fields.length === 0)
    return h("li", {}, personOf(change), change.detail === "" ? null : ` — ${change.detail}`);
  return h(
    "li",
    {},
    personOf(change),
    h(
      "ul",
      { class: "fields" },
      ...fields.map((field) =>
        h(
          "li",
          {},
          h("span", { class: "field-name" }, field.field),
          ": ",
          show(field.from),
          " → ",
          show(field.to),
        ),
      ),
    ),
  );
}

/** Lists longer than this start folded: a first sync creates everyone. */
const OPEN_UP_TO = 25;

function changeSection(
  title: string,
  changes: readonly ReportChange[],
  item = changeItem,
): HTMLElement | null {
  if (changes.length === 0) return null;
  return h(
    "section",
    { class: "changes" },
    h(
      "details",
      { open: changes.length <= OPEN_UP_TO },
      h("summary", {}, h("h4", {}, `${title} (${formatNumber(changes.length)})`)),
      h("ul", {}, ...changes.map(item)),
    ),
  );
}

/**
 * Course assignments by course and trigger: every one counted when the report has the per-course counts, else
 * those of the listed changes; each course folds out to the people listed.
 */
function courseSection(report: ReportView, assigns: readonly ReportChange[]): HTMLElement | null {
  const listed = new Map<string, ReportChange[]>();
  for (const assign of assigns) {
    const key = `${assign.change?.course ?? assign.detail}\u0000${assign.change?.trigger ?? ""}`;
    listed.set(key, [...(listed.get(key) ?? []), assign]);
  }
  const counted =
    report.course_assignments?.map((entry) => ({
      key: `${entry.course}\u0000${entry.trigger}`,
      learners: entry.learners,
    })) ?? [...listed.entries()].map(([key, list]) => ({ key, learners: list.length }));
  if (counted.length === 0) return null;
  return h(
    "section",
    { class: "changes" },
    h("h4", {}, report.dry_run ? "Courses it would assign" : "Courses assigned"),
    h(
      "ul",
      {},
      ...counted.map(({ key, learners }) => {
        const [course = "", trigger = ""] = key.split("\u0000");
        const why = trigger === "" ? "" : ` (${TRIGGER_LABELS[trigger] ?? trigger})`;
        const people = listed.get(key) ?? [];
        const title = `${course}${why}: ${formatNumber(learners)} learners`;
        return h(
          "li",
          {},
          people.length === 0
            ? title
            : h(
                "details",
                {},
                h("summary", {}, title),
                h("ul", {}, ...people.map((entry) => h("li", {}, personOf(entry)))),
              ),
        );
      }),
    ),
  );
}

export const REJECT_ADVICE =
  "Correct it in Bob (or change the field mapping in Settings); the next sync retries it by itself.";

/** A run's report: counts, every listed change with names (fields old → new), courses, rejects and warnings. */
export function reportView(report: ReportView): HTMLElement {
  const dry = report.dry_run;
  const by = (action: ReportChange["action"]) => report.changes.filter((change) => change.action === action);
  const read = report.streams.reduce((sum, stream) => sum + stream.records_read, 0);
  return h(
    "article",
    { class: "report", "aria-label": `Report of ${dry ? "the preview" : "the sync"} ${report.run_id}` },
    h(
      "p",
      { class: report.status === "succeeded" ? "ok" : "error" },
      `${dry ? "Preview" : "Sync"} ${report.status} (${formatTime(report.started_at)}).`,
      dry ? " Nothing was written: these are the changes the next sync would make." : null,
    ),
    report.failure === null
      ? null
      : h("p", { class: "error" }, `${report.failure.origin}: ${report.failure.message}`),
    countList(report.learners, dry, ALL_KEYS, [
      ["Records read", formatNumber(read)],
      [
        "Rate-limit waits",
        `${formatNumber(report.rate_limit_waits.count)} (${formatNumber(report.rate_limit_waits.seconds)} s)`,
      ],
    ]),
    changeSection(dry ? "Would create" : "Created", by("create")),
    changeSection(dry ? "Would update" : "Updated", by("update")),
    changeSection(dry ? "Would reactivate" : "Reactivated", by("reactivate")),
    changeSection(dry ? "Would archive" : "Archived", by("archive"), (change) =>
      h("li", {}, personOf(change), ` — ${change.change?.reason ?? change.detail}`),
    ),
    courseSection(report, by("assign")),
    report.changes_not_listed > 0
      ? h(
          "p",
          { class: "hint" },
          `${formatNumber(report.changes_not_listed)} more changes are counted above but not listed.`,
        )
      : null,
    report.rejects.length === 0
      ? null
      : h(
          "section",
          { class: "changes" },
          h("h4", {}, `${dry ? "It would reject" : "Rejected"} (${formatNumber(report.rejects.length)})`),
          h(
            "table",
            {},
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, "Employee"),
                h("th", { scope: "col" }, "Reason"),
                h("th", { scope: "col" }, "What to do"),
              ),
            ),
            h(
              "tbody",
              {},
              ...report.rejects.map((reject) =>
                h(
                  "tr",
                  {},
                  h("td", {}, personOf(reject)),
                  h("td", {}, reject.reason),
                  h("td", {}, REJECT_ADVICE),
                ),
              ),
            ),
          ),
        ),
    report.warnings.length === 0
      ? null
      : h(
          "section",
          { class: "changes" },
          h("h4", {}, "Warnings"),
          h("ul", {}, ...report.warnings.map((text) => h("li", {}, text))),
        ),
    h(
      "p",
      {},
      h(
        "a",
        { href: `/reports/${report.run_id}.html`, target: "_blank", rel: "noopener" },
        "Open the full HTML report",
      ),
    ),
  );
}
