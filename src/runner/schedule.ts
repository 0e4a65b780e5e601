import { Cron } from "croner";
import { terminalText } from "./terminal-text.js";

export interface ScheduleOptions {
  readonly cron: string;
  /** IANA zone the expression is read in; the machine's own when absent. */
  readonly timezone?: string;
  /** Also runs once right away, before the first scheduled time. */
  readonly runAtStart?: boolean;
  /** One run; it should stop early when the signal aborts. A run that throws is logged; the schedule goes on. */
  readonly run: (signal: AbortSignal) => Promise<void>;
  readonly log: (line: string) => void;
  /** Where SIGTERM and SIGINT come from (the process). */
  readonly signals: Pick<NodeJS.Process, "on" | "off">;
}

export class CronError extends Error {}

/** A croner job that does not start yet, or a CronError saying why the expression is not one. */
export function cronJob(expression: string, timezone: string | undefined): Cron {
  try {
    const job = new Cron(expression, { paused: true, ...(timezone === undefined ? {} : { timezone }) });
    // croner reads the zone only when it computes a time: an unknown zone surfaces here, not at construction.
    job.nextRun();
    return job;
  } catch (error) {
    throw new CronError(
      `--cron "${expression}"${timezone === undefined ? "" : ` --timezone ${timezone}`} is not valid: ` +
        `${error instanceof Error ? error.message : String(error)}. Use five fields, e.g. "0 17 * * *" for 17:00 daily.`,
    );
  }
}

/**
 * Runs `run` on a cron schedule until SIGTERM or SIGINT: never two runs at once (a run still going at the next
 * time skips that time), a failed run does not stop the schedule, and the next run time is logged after each.
 * The first signal lets a running sync finish; a second stops it, keeping what it has committed.
 */
export function runSchedule(options: ScheduleOptions): Promise<void> {
  // A failed run's message may quote a remote error: every line reaches the terminal neutralised.
  const log = (line: string): void => {
    options.log(terminalText(line));
  };
  const timezone = options.timezone === undefined ? {} : { timezone: options.timezone };
  cronJob(options.cron, options.timezone).stop();
  let running: Promise<void> | null = null;
  let stopping = false;
  const abort = new AbortController();

  const runOnce = async (): Promise<void> => {
    running = options.run(abort.signal).catch((error: unknown) => {
      log(`The run failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    await running;
    running = null;
    if (!stopping) logNext();
  };
  const job = new Cron(
    options.cron,
    {
      ...timezone,
      protect: () => {
        log("Skipped a scheduled sync: the previous one is still running.");
      },
    },
    runOnce,
  );
  const logNext = (): void => {
    const next = job.nextRun();
    log(next === null ? "No further run is scheduled." : `Next sync at ${next.toISOString()}.`);
  };

  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log(`${signal} again: stopping the running sync at its next checkpoint.`);
        abort.abort();
        return;
      }
      stopping = true;
      job.stop();
      const current = running;
      if (current === null) {
        log(`${signal}: schedule stopped.`);
        finish();
        return;
      }
      log(`${signal}: no new syncs; the running one finishes first (send ${signal} again to stop it now).`);
      void current.then(finish);
    };
    const finish = (): void => {
      options.signals.off("SIGTERM", onSignal);
      options.signals.off("SIGINT", onSignal);
      resolve();
    };
    options.signals.on("SIGTERM", onSignal);
    options.signals.on("SIGINT", onSignal);
    log(`Scheduled "${options.cron}"${options.timezone === undefined ? "" : ` (${options.timezone})`}.`);
    if (options.runAtStart === true) void job.trigger();
    else logNext();
  });
}
