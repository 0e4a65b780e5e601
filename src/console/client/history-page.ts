import type { ConsoleState, HistoryView, ReportView } from "../api-types.js";
import { api } from "./api.js";
import { learnerChart } from "./chart.js";
import { formatNumber, formatTime, h, replace, titled } from "./dom.js";
import { personOf, REJECT_ADVICE, reportView } from "./report-view.js";
import { announce, whileBusy } from "./status.js";

/**
 * Step 6, history: every run with its status and counts and its report, the employees still rejected with the
 * reason and what to do, a chart of learners over time, and the next scheduled run.
 */
export async function historyPage(state: ConsoleState): Promise<HTMLElement> {
  const history = await api<HistoryView>("GET", "/history");
  const shown = h("div", { id: "history-report" });
  const open = async (runId: string): Promise<void> => {
    const report = await api<ReportView>("GET", `/reports/${runId}`);
    replace(shown, h("h3", {}, "Report"), reportView(report));
    const article = shown.querySelector<HTMLElement>("article");
    article?.setAttribute("tabindex", "-1");
    article?.focus();
  };
  const runs =
    history.runs.length === 0
      ? h("p", { class: "hint" }, "No run yet.")
      : h(
          "table",
          { class: "runs" },
          h("caption", {}, "Runs, latest first"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...[
                "Started",
                "Run",
                "Status",
                "Read",
                "Created",
                "Updated",
                "Archived",
                "Reactivated",
                "Rejected",
                "Report",
              ].map((title) => h("th", { scope: "col" }, title)),
            ),
          ),
          h(
            "tbody",
            {},
            ...history.runs.map((run) => {
              const view = h("button", { type: "button", class: "link" }, "View report");
              view.setAttribute(
                "aria-label",
                `View report of ${run.dry_run ? "preview" : "sync"} ${formatTime(run.started_at)}`,
              );
              view.addEventListener(
                "click",
                () => void whileBusy(view, "The report could not be shown", () => open(run.run_id)),
              );
              const counts = run.learners;
              return h(
                "tr",
                {},
                h("td", {}, formatTime(run.started_at)),
                h("td", {}, run.dry_run ? "Preview" : "Sync"),
                h(
                  "td",
                  { class: run.status === "succeeded" ? "ok" : "error" },
                  run.status,
                  run.failure === null ? null : h("div", { class: "hint" }, run.failure.message),
                ),
                h("td", {}, formatNumber(run.records_read)),
                h("td", {}, formatNumber(counts.created)),
                h("td", {}, formatNumber(counts.updated)),
                h("td", {}, formatNumber(counts.archived)),
                h("td", {}, formatNumber(counts.reactivated)),
                h("td", {}, formatNumber(counts.rejected)),
                h("td", {}, view),
              );
            }),
          ),
        );
  const rejects =
    history.openRejects.length === 0
      ? h("p", { class: "hint" }, "No employee is waiting on a fix.")
      : h(
          "table",
          {},
          h("caption", {}, "Employees the last sync could not write"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...["Employee", "Reason", "Since", "Syncs", "What to do"].map((title) =>
                h("th", { scope: "col" }, title),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            ...history.openRejects.map((reject) =>
              h(
                "tr",
                {},
                h("td", {}, personOf(reject)),
                h("td", {}, reject.reason),
                h("td", {}, formatTime(reject.since)),
                h("td", {}, formatNumber(reject.syncs)),
                h("td", {}, REJECT_ADVICE),
              ),
            ),
          ),
        );
  const next = h(
    "p",
    { id: "next-run" },
    history.next === null
      ? "No sync is scheduled in this console (Settings › Daily schedule)."
      : `Next scheduled sync: ${formatTime(history.next)}${history.scheduleRunning ? ", run by this console" : ""}.`,
  );
  return titled(
    "page",
    "history",
    "History",
    next,
    history.damaged === null ? null : h("p", { class: "hint", role: "note" }, history.damaged),
    state.demo ? demoDay() : null,
    titled("panel", "chart", "Learners over time", learnerChart(history.timeline)),
    runs,
    titled("panel", "rejects", "Rejects to fix", rejects),
    shown,
  );
}

/** The demo only: a day passes in the emulated Bob (hires, changes, leavers), so the next sync has work. */
function demoDay(): HTMLElement {
  const button = h("button", { type: "button" }, "Let a day pass in Bob");
  const said = h("p", { class: "hint" });
  button.addEventListener("click", () => {
    void whileBusy(button, "No day passed in Bob", async () => {
      const { summary } = await api<{ summary: string }>("POST", "/demo/day", {});
      said.textContent = `A day passed in the demo's Bob: ${summary}. Sync now to bring the learners in step.`;
      announce(`A day passed in Bob: ${summary}.`, "ok");
    });
  });
  return h("div", { class: "panel demo" }, h("h3", {}, "Demo"), button, said);
}
