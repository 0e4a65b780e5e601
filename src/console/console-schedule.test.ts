import type { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";

// A stand-in for runSchedule whose every schedule has a sync going on that never ends: it counts the schedules
// not yet told to stop, as runSchedule would when a run is in progress (its promise waits for the run).
const live = new Set<string>();
vi.mock("../runner/schedule.js", () => ({
  runSchedule: (options: { cron: string; signals: EventEmitter }): Promise<void> => {
    const id = `${options.cron}#${String(live.size)}#${String(Math.random())}`;
    live.add(id);
    options.signals.on("SIGTERM", () => live.delete(id));
    return new Promise<void>(() => undefined);
  },
}));

const { ConsoleScheduler } = await import("./console-schedule.js");

describe("the console's scheduler, with a scheduled sync going on", () => {
  it("applies without waiting for the sync, leaves one schedule after two at once, and stop() ends it", async () => {
    const scheduler = new ConsoleScheduler(
      () => Promise.resolve(),
      () => undefined,
    );
    await scheduler.apply({ enabled: true, time: "06:00", timezone: "UTC" });
    expect(live.size).toBe(1);
    await Promise.all([
      scheduler.apply({ enabled: true, time: "07:00", timezone: "UTC" }),
      scheduler.apply({ enabled: true, time: "08:00", timezone: "Europe/Paris" }),
    ]);
    expect(live.size).toBe(1);
    expect(scheduler.running).toBe(true);
    await scheduler.stop();
    expect(live.size).toBe(0);
    expect(scheduler.running).toBe(false);
  });

  it("stops the schedules of applies still queued when it is closed", async () => {
    const scheduler = new ConsoleScheduler(
      () => Promise.resolve(),
      () => undefined,
    );
    const first = scheduler.apply({ enabled: true, time: "06:00", timezone: "UTC" });
    const second = scheduler.apply({ enabled: true, time: "07:00", timezone: "UTC" });
    await scheduler.stop();
    await Promise.all([first, second]);
    expect(live.size).toBe(0);
    expect(scheduler.running).toBe(false);
  });
});
