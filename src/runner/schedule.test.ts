import { EventEmitter } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { ScheduleOptions } from "./schedule.js";
import { CronError, cronJob, runSchedule } from "./schedule.js";

const EVERY_SECOND = "* * * * * *";

/** Polls until `condition` holds; fails the test after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(10);
  }
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function deferred(): Deferred {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A schedule wired to a fake signal source, with its log lines and whether it has stopped. */
function start(
  options: Pick<ScheduleOptions, "run"> & Partial<Pick<ScheduleOptions, "cron" | "runAtStart">>,
) {
  const signals = new EventEmitter();
  const lines: string[] = [];
  let stopped = false;
  const done = runSchedule({
    cron: options.cron ?? EVERY_SECOND,
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
  it("runs at every scheduled time and logs the next one after each run", async () => {
    let runs = 0;
    const schedule = start({
      run: () => {
        runs += 1;
        schedule.lines.push(`run ${runs}`);
        return Promise.resolve();
      },
    });
    expect(schedule.lines[0]).toBe(`Scheduled "${EVERY_SECOND}".`);
    expect(schedule.lines[1]).toMatch(/^Next sync at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z\.$/);
    await until(() => runs >= 2 && schedule.lines.at(-1)?.startsWith("Next sync at") === true);
    schedule.send("SIGTERM");
    await schedule.done;

    const afterFirst = schedule.lines[schedule.lines.indexOf("run 1") + 1] ?? "";
    expect(afterFirst).toMatch(/^Next sync at /);
    const next = Date.parse(afterFirst.replace(/^Next sync at (.*)\.$/, "$1"));
    expect(next).toBeGreaterThan(Date.now() - 2_000);
    expect(schedule.lines.at(-1)).toBe("SIGTERM: schedule stopped.");
    expect(schedule.listeners()).toBe(0);
  });

  it("never runs two syncs at once: a run still going skips the scheduled time", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const schedule = start({
      runAtStart: true,
      run: async () => {
        runs += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        if (runs === 1) await delay(2_500);
        active -= 1;
      },
    });
    await until(() => runs >= 2 && active === 0, 5_000);
    schedule.send("SIGTERM");
    await schedule.done;
    expect(maxActive).toBe(1);
    expect(schedule.lines).toContain("Skipped a scheduled sync: the previous one is still running.");
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
    await until(() => runs >= 2);
    schedule.send("SIGTERM");
    await schedule.done;
    const failed = schedule.lines.indexOf("The run failed: Bob answered 500");
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(schedule.lines[failed + 1]).toMatch(/^Next sync at /);
  });

  it("neutralises control and bidi characters in what it logs", async () => {
    let runs = 0;
    const schedule = start({
      runAtStart: true,
      run: () => {
        runs += 1;
        return Promise.reject(new Error("Bob\x1b[2J\r\u202eanswered\u2028500"));
      },
    });
    await until(() => runs >= 1 && schedule.lines.some((line) => line.startsWith("The run failed")));
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
    await until(() => runs === 1, 500);
    await until(() => schedule.lines.length === 2, 500);
    expect(schedule.lines[1]).toMatch(/^Next sync at \d{4}-01-01T/);
    schedule.send("SIGINT");
    await schedule.done;
    expect(runs).toBe(1);
  });

  it("lets the running sync finish on the first SIGTERM, and starts no other", async () => {
    const finish = deferred();
    let runs = 0;
    let aborted = false;
    const schedule = start({
      runAtStart: true,
      run: async (signal) => {
        runs += 1;
        await finish.promise;
        aborted = signal.aborted;
      },
    });
    await until(() => runs === 1);
    schedule.send("SIGTERM");
    expect(schedule.lines.at(-1)).toBe(
      "SIGTERM: no new syncs; the running one finishes first (send SIGTERM again to stop it now).",
    );
    await delay(1_100);
    expect(schedule.stopped()).toBe(false);
    expect(runs).toBe(1);

    finish.resolve();
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
    await until(() => seen.length === 1);
    schedule.send("SIGTERM");
    await delay(50);
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
    await delay(1_100);
    expect(runs).toBe(0);
  });
});
