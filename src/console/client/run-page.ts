import type { ConsoleState, LiveProgress, ReportView, RunKind } from "../api-types.js";
import { api, ApiError } from "./api.js";
import { formatNumber, h, replace, titled } from "./dom.js";
import { onRunEvent } from "./events.js";
import { countList } from "./report-view.js";
import { reportView } from "./report-view.js";
import { announce } from "./status.js";

const LIVE_KEYS = ["created", "updated", "archived", "reactivated", "rejected"] as const;

const TEXT = {
  preview: {
    title: "Preview",
    lead:
      "A dry run: the source reads Bob as a sync would, and the destination works out every change without " +
      "writing anything (no learner, no saved state). The next sync makes exactly these changes.",
    button: "Run preview",
    running: "Preview running…",
  },
  sync: {
    title: "Sync now",
    lead: "Runs the sync once, as hibob-learners sync does: Bob is read, learners are written, the state is saved.",
    button: "Sync now",
    running: "Sync running…",
  },
} as const;

/** The live counts of a running sync or preview, as `sync` draws them on a terminal. */
function countsView(progress: LiveProgress): HTMLElement {
  const waiting =
    progress.waitSecondsLeft === null
      ? ""
      : ` (waiting ${formatNumber(progress.waitSecondsLeft)} s for Bob's rate limit)`;
  const { recordsRead, recordsExpected } = progress;
  const read =
    recordsExpected === null
      ? formatNumber(recordsRead)
      : `${formatNumber(recordsRead)} of ${formatNumber(recordsExpected)}`;
  return countList(progress.learners, progress.dryRun, LIVE_KEYS, [
    ["Records read", read],
    ["Rate-limit waits", `${formatNumber(progress.rateLimitWaits)}${waiting}`],
  ]);
}

/**
 * Brings the counts shown in line with `fresh` by changing only the texts that differ: the block stays the same
 * elements while a run goes on (several times a second), so nothing reading or focusing it loses its place.
 */
function updateCounts(shown: HTMLElement, fresh: HTMLElement): void {
  const now = [...shown.children];
  const next = [...fresh.children];
  if (now.length !== next.length || now.some((child, index) => child.tagName !== next[index]?.tagName)) {
    shown.replaceChildren(...next);
    return;
  }
  now.forEach((child, index) => {
    const text = next[index]?.textContent ?? "";
    if (child.textContent !== text) child.textContent = text;
  });
}

/**
 * Steps 4 and 5: a preview or a sync started from the console, its live progress (server-sent events from the
 * run's tally), its warnings as they come, and its report when it ends.
 */
export function runPage(kind: RunKind, state: ConsoleState): { element: HTMLElement; dispose: () => void } {
  const text = TEXT[kind];
  const live = h("div", { class: "live", id: `${kind}-live` });
  // A live region: each warning added during a run is read out as it comes (additions only, politely).
  const logs = h("ul", {
    class: "logs",
    "aria-label": "Warnings",
    "aria-live": "polite",
    "aria-relevant": "additions",
  });
  const report = h("div", { id: `${kind}-report` });
  const start = h("button", { type: "button", class: "primary" }, text.button);
  const stop = h("button", { type: "button", hidden: true }, "Stop");
  /** The counts of this page's run while it goes on, updated in place. */
  let counts: HTMLElement | null = null;
  const bar = h("progress", { "aria-label": kind === "preview" ? "Preview progress" : "Sync progress" });
  /** Bob's read so far once the source has said how many it expects; indeterminate until then. */
  const showRead = ({ recordsRead, recordsExpected }: LiveProgress): void => {
    if (recordsExpected === null || recordsExpected === 0) return;
    bar.max = recordsExpected;
    bar.value = Math.min(recordsRead, recordsExpected);
  };
  const showRunning = (progress: LiveProgress | null): void => {
    const mine = progress !== null && progress.kind === kind;
    start.disabled = progress !== null;
    stop.hidden = !mine;
    if (mine) {
      if (counts !== null && counts.parentNode === live) updateCounts(counts, countsView(progress));
      else {
        counts = countsView(progress);
        bar.removeAttribute("value");
        replace(live, h("h3", {}, text.running), bar, counts);
      }
      showRead(progress);
    } else if (progress !== null)
      replace(live, h("p", { class: "hint" }, `A ${progress.kind} is running; this waits for it.`));
  };
  const dispose = onRunEvent((event) => {
    if (event.type === "current") showRunning(event.progress);
    else if (event.type === "progress") showRunning(event.progress);
    else if (event.type === "log")
      logs.append(h("li", { class: "warning" }, `${event.origin} ${event.level}: ${event.text}`));
    else {
      start.disabled = false;
      stop.hidden = true;
      if (event.ended.kind !== kind) {
        replace(live);
        return;
      }
      const name = kind === "preview" ? "Preview" : "Sync";
      replace(
        live,
        h(
          "p",
          { class: event.ended.status === "succeeded" ? "ok" : "error" },
          `${name} ${event.ended.status}.`,
        ),
      );
      announce(
        `${name} ${event.ended.status}.${event.ended.message === null ? "" : ` ${event.ended.message}`}`,
        event.ended.status === "succeeded" ? "ok" : "error",
      );
      if (event.ended.runId !== "") void showReport(event.ended.runId);
    }
  });
  const showReport = async (runId: string): Promise<void> => {
    const found = await api<ReportView>("GET", `/reports/${runId}`);
    replace(report, h("h3", {}, "Report"), reportView(found));
  };
  start.addEventListener("click", () => {
    void (async () => {
      replace(report);
      logs.replaceChildren();
      try {
        await api("POST", "/runs", { kind });
        announce(`${text.title === "Sync now" ? "Sync" : "Preview"} started.`);
      } catch (error) {
        announce(error instanceof ApiError ? error.message : "The run could not start.", "error");
      }
    })();
  });
  stop.addEventListener("click", () => {
    void api("POST", "/runs/stop", {});
    announce("Stopping at the next checkpoint; what is committed is kept.");
  });
  const ready = state.source.config !== null && state.destination.config !== null;
  const element = titled(
    "page",
    kind,
    text.title,
    h("p", { class: "lead" }, text.lead),
    ready
      ? null
      : h("p", { class: "advice warning" }, "Connect Bob and the learning platform first (steps 1 and 2)."),
    h("div", { class: "actions" }, start, stop),
    live,
    logs,
    report,
  );
  return { element, dispose };
}
