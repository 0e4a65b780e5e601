import type { LogLevel } from "../protocol/index.js";
import type { LearnerCounts } from "../learner-events/index.js";
import { countLabels } from "./learner-counts.js";
import { formatCount } from "./report-table.js";
import type { SyncProgress } from "./sync-tally.js";
import { terminalText } from "./terminal-text.js";

/** How a running sync shows itself: a live line on a terminal, plain log lines otherwise. */
export interface ProgressView {
  /** Called often; the view decides how often to draw. */
  progress(progress: SyncProgress, now: number): void;
  log(origin: string, level: LogLevel, text: string): void;
  /** Clears the live line before the report is printed. */
  end(): void;
}

export interface ViewOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** A terminal's width: a live line longer than it would wrap and could not be redrawn in place. */
  readonly columns?: number;
}

const SHOWN_LEVELS: ReadonlySet<LogLevel> = new Set(["WARN", "ERROR", "FATAL"]);

/** The counts worth watching live; the report has them all. */
const LIVE_COUNTS: ReadonlySet<keyof LearnerCounts> = new Set([
  "created",
  "updated",
  "archived",
  "reactivated",
  "rejected",
]);

/** Nothing read, written or waited for yet: a line of zeros would only say the sync has not begun. */
export function nothingYet(progress: SyncProgress): boolean {
  return (
    progress.recordsRead === 0 &&
    progress.rateLimitWaits === 0 &&
    progress.waitingUntil === null &&
    Object.values(progress.learners).every((count) => count === 0)
  );
}

/** Records read, and of how many when the source said: `1,200 of 10,000`. */
export const readText = ({ recordsRead, recordsExpected }: SyncProgress): string =>
  recordsExpected === null
    ? formatCount(recordsRead)
    : `${formatCount(recordsRead)} of ${formatCount(recordsExpected)}`;

/** One line of live counts: records read, learner writes, rate-limit pauses. */
export function progressLine(progress: SyncProgress, now: number): string {
  const { learners } = progress;
  const waiting =
    progress.waitingUntil !== null && progress.waitingUntil > now
      ? ` (waiting ${Math.ceil((progress.waitingUntil - now) / 1000)} s)`
      : "";
  const counts = countLabels(progress.dryRun)
    .filter(([key]) => LIVE_COUNTS.has(key))
    .map(([key, label]) => `${label} ${formatCount(learners[key])}`);
  return (
    `read ${readText(progress)} · learners ${counts.join(", ")} · ` +
    `rate-limit waits ${formatCount(progress.rateLimitWaits)}${waiting}`
  );
}

/**
 * On a terminal the live line is redrawn in place (at most ten times a second) and warnings scroll above it;
 * elsewhere (logs, CI) a progress line every `plainEveryMs` keeps the output small. Nothing is drawn before
 * anything happened, and a log's first line comes one interval after the first offer: a sync shorter than
 * that logs none.
 */
export function progressView(out: ViewOutput, plainEveryMs = 10_000): ProgressView {
  const live = out.isTTY === true;
  const every = live ? 100 : plainEveryMs;
  let drawn: number | null = null;
  let line = "";
  const clear = (): void => {
    if (live && line !== "") out.write("\r\x1b[2K");
  };
  return {
    progress(progress, now) {
      if (!live) drawn ??= now;
      if (nothingYet(progress) || (drawn !== null && now - drawn < every)) return;
      drawn = now;
      line = terminalText(progressLine(progress, now));
      if (live && out.columns !== undefined && line.length >= out.columns)
        line = `${line.slice(0, out.columns - 2)}…`;
      if (live) out.write(`\r\x1b[2K${line}`);
      else out.write(`${new Date(now).toISOString()} ${line}\n`);
    },
    log(origin, level, text) {
      if (!SHOWN_LEVELS.has(level)) return;
      clear();
      // Connector LOG text carries Bob's data and remote errors: it reaches the terminal neutralised.
      out.write(`${terminalText(`${origin} ${level} ${text}`)}\n`);
      if (live && line !== "") out.write(line);
    },
    end() {
      clear();
      line = "";
    },
  };
}
