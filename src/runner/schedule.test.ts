import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ScheduleOptions } from "./schedule.js";
import { CronError, cronJob, runSchedule } from "./schedule.js";

const EVERY_SECOND = "* * * * * *";

/** The virtual clock's start: a quarter second past a whole second, so every-second times are predictable. */
const START = Date.parse("2026-01-05T10:00:00.250Z");

/** Moves the virtual clock (croner's Date and timers) on, running every timer and promise due on the way. */
const advance = (ms: number): Promise<unknown> => vi.advanceTimersByTimeAsync(ms);

/** A wait on the virtual clock, for a run that takes time. */
const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** A schedule wired to a fake signal source, with its log lines and whether it has stopped. */
function start(
  options: Pick<ScheduleOptions, "run"> & Partial<Pick<ScheduleOptions, "cron" | "runAtStart">>,
) {
  const signals = new EventEmitter();
  const lines: string[] = [];
  let stopped = false;
  const done = runSchedule({
    cron: options.cron ?? EVERY_SECOND,
    timezone: "UTC",
    ...(options.runAtStart === undefined ? {} : { runAtStart: options.runAtStart }),
    run: options.run,
    log: (line) => lines.push(line),
    signals: signals as unknown as ScheduleOptions["signals"],
  }).then(() => {
    stopped = true;
  });
  return {
    lines,
    done,
    stopped: () => stopped,
    send: (signal: NodeJS.Signals) => signals.emit(signal, signal),
    listeners: () => signals.listenerCount("SIGTERM") + signals.listenerCount("SIGINT"),
  };
}

describe("cronJob", () => {
  it.each(["not a cron", "* * *", "61 * * * *", ""])("refuses '%s' with an example", (expression) => {
    expect(() => cronJob(expression, undefined)).toThrow(CronError);
    expect(() => cronJob(expression, undefined)).toThrow(`--cron "${expression}" is not valid`);
    expect(() => cronJob(expression, undefined)).toThrow('e.g. "0 17 * * *" for 17:00 daily');
  });

  // croner checks the timezone only when it computes a time: cronJob must ask for one.
  it("names the timezone of an invalid pair", () => {
    expect(() => cronJob("0 17 * * *", "Mars/Olympus")).toThrow(
      '--cron "0 17 * * *" --timezone Mars/Olympus is not valid',
    );
  });

  it("refuses an invalid timezone with a CronError before the schedule starts", () => {
    expect(() =>
      runSchedule({
        cron: "0 17 * * *",
        timezone: "Mars/Olympus",
        run: () => Promise.resolve(),
        log: () => undefined,
        signals: new EventEmitter() as unknown as ScheduleOptions["signals"],
      }),
    ).toThrow(CronError);
  });

  it("builds a paused job for a valid expression", () => {
    const job = cronJob("0 17 * * *", "Europe/London");
    expect(job.nextRun()?.getTime()).toBeGreaterThan(Date.now());
    job.stop();
  });

  it("is checked before the schedule starts", () => {
    const signals = new EventEmitter();
    expect(() =>
      runSchedule({
        cron: "every day",
        run: () => Promise.resolve(),
        log: () => undefined,
        signals: signals as unknown as ScheduleOptions["signals"],
      }),
    ).toThrow(CronError);
    expect(signals.listenerCount("SIGTERM")).toBe(0);
  });
});

describe("runSchedule", () => {
  // A virtual clock: croner reads `Date` and arms `setTimeout`, both faked, so no test waits for real seconds.
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs at every scheduled time and logs the next one after each run", async () => {
    let runs = 0;
    const schedule = start({
      run: () => {
        runs += 1;
        schedule.lines.push(`run ${runs} at ${new Date().toISOString()}`);
        return Promise.resolve();
      },
    });
    expect(schedule.lines).toEqual([
      `Scheduled "${EVERY_SECOND}" (UTC).`,
      "Next sync at 2026-01-05T10:00:01.000Z.",
    ]);
    await advance(749);
    expect(runs).toBe(0);
    await advance(1_001);
    expect(runs).toBe(2);
    schedule.send("SIGTERM");
    await schedule.done;

    expect(schedule.lines.slice(2)).toEqual([
      "run 1 at 2026-01-05T10:00:01.000Z",
      "Next sync at 2026-01-05T10:00:02.000Z.",
      "run 2 at 2026-01-05T10:00:02.000Z",
      "Next sync at 2026-01-05T10:00:03.000Z.",
      "SIGTERM: schedule stopped.",
    ]);
    expect(schedule.listeners()).toBe(0);
  });

  it("never runs two syncs at once: a run still going skips the scheduled time", async () => {
    let active = 0;
    let maxActive = 0;
    const started: string[] = [];
    const schedule = start({
      runAtStart: true,
      run: async () => {
        started.push(new Date().toISOString());
        active += 1;
        maxActive = Math.max(maxActive, active);
        if (started.length === 1) await sleep(2_500);
        active -= 1;
      },
    });
    await advance(3_000);
    schedule.send("SIGTERM");
    await schedule.done;
    expect(maxActive).toBe(1);
    // The first run holds 10:00:00.250 to 10:00:02.750: the times 01 and 02 are skipped, 03 runs.
    expect(started).toEqual(["2026-01-05T10:00:00.250Z", "2026-01-05T10:00:03.000Z"]);
    expect(
      schedule.lines.filter(
        (line) => line === "Skipped a scheduled sync: the previous one is still running.",
      ),
    ).toHaveLength(2);
  });

  it("logs a run that throws and goes on", async () => {
    let runs = 0;
    const schedule = start({
      runAtStart: true,
      run: () => {
        runs += 1;
        return Promise.reject(new Error("Bob answered 500"));
      },
    });
    await advance(750);
    expect(runs).toBe(2);
    schedule.send("SIGTERM");
    await schedule.done;
    expect(schedule.lines).toEqual([
      `Scheduled "${EVERY_SECOND}" (UTC).`,
      "The run failed: Bob answered 500",
      "Next sync at 2026-01-05T10:00:01.000Z.",
      "The run failed: Bob answered 500",
      "Next sync at 2026-01-05T10:00:02.000Z.",
      "SIGTERM: schedule stopped.",
    ]);
  });

  it("neutralises control and bidi characters in what it logs", async () => {
    const schedule = start({
      runAtStart: true,
      run: () => Promise.reject(new Error("Bob\x1b[2J\r\u202eanswered\u2028500")),
    });
    await advance(0);
    schedule.send("SIGTERM");
    await schedule.done;
    expect(schedule.lines).toContain("The run failed: Bob [2J answered 500");
    for (const line of schedule.lines) expect(line).not.toMatch(/[\p{Cc}\p{Cf}\u2028]/u);
  });

  it("runs at once with runAtStart, then waits for the schedule", async () => {
    let runs = 0;
    const schedule = start({
      cron: "0 0 1 1 *",
      runAtStart: true,
      run: () => {
        runs += 1;
        return Promise.resolve();
      },
    });
    await advance(0);
    expect(runs).toBe(1);
    expect(schedule.lines).toEqual([
      'Scheduled "0 0 1 1 *" (UTC).',
      "Next sync at 2027-01-01T00:00:00.000Z.",
    ]);
    await advance(3_600_000);
    schedule.send("SIGINT");
    await schedule.done;
    expect(runs).toBe(1);
  });

  it("lets the running sync finish on the first SIGTERM, and starts no other", async () => {
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let runs = 0;
    let aborted = false;
    const schedule = start({
      runAtStart: true,
      run: async (signal) => {
        runs += 1;
        await finished;
        aborted = signal.aborted;
      },
    });
    await advance(0);
    expect(runs).toBe(1);
    schedule.send("SIGTERM");
    expect(schedule.lines.at(-1)).toBe(
      "SIGTERM: no new syncs; the running one finishes first (send SIGTERM again to stop it now).",
    );
    await advance(5_000);
    expect(schedule.stopped()).toBe(false);
    expect(runs).toBe(1);

    finish();
    await schedule.done;
    expect(aborted).toBe(false);
    expect(runs).toBe(1);
    expect(schedule.lines.some((line) => line.startsWith("Next sync at"))).toBe(false);
    expect(schedule.listeners()).toBe(0);
  });

  it("aborts the running sync on a second signal", async () => {
    const seen: AbortSignal[] = [];
    const schedule = start({
      runAtStart: true,
      run: async (signal) => {
        seen.push(signal);
        await new Promise((resolve) => {
          signal.addEventListener("abort", resolve, { once: true });
        });
      },
    });
    await advance(0);
    expect(seen).toHaveLength(1);
    schedule.send("SIGTERM");
    await advance(5_000);
    expect(seen.map((signal) => signal.aborted)).toEqual([false]);
    expect(schedule.stopped()).toBe(false);

    schedule.send("SIGINT");
    expect(seen.map((signal) => signal.aborted)).toEqual([true]);
    expect(schedule.lines).toContain("SIGINT again: stopping the running sync at its next checkpoint.");
    await schedule.done;
    expect(seen).toHaveLength(1);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("stops at once on %s while idle", async (signal) => {
    let runs = 0;
    const schedule = start({
      cron: "0 0 1 1 *",
      run: () => {
        runs += 1;
        return Promise.resolve();
      },
    });
    schedule.send(signal);
    await schedule.done;
    expect(schedule.lines.at(-1)).toBe(`${signal}: schedule stopped.`);
    expect(schedule.listeners()).toBe(0);
    expect(runs).toBe(0);
  });

  it("runs nothing more once stopped", async () => {
    let runs = 0;
    const schedule = start({
      run: () => {
        runs += 1;
        return Promise.resolve();
      },
    });
    schedule.send("SIGTERM");
    await schedule.done;
    await advance(10_000);
    expect(runs).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
