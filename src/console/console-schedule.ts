import { EventEmitter } from "node:events";
import type { ScheduleOptions } from "../runner/schedule.js";
import { runSchedule } from "../runner/schedule.js";
import type { ScheduleSettings } from "./schedule-settings.js";
import { cronOf } from "./schedule-settings.js";

/**
 * The daily schedule, run by the console with `schedule`'s own scheduler (runSchedule: croner, never two runs at
 * once, a failed run does not stop it). runSchedule stops on SIGTERM from its `signals`; here they come from the
 * console (a new schedule, or the console stopping), not from the process.
 */
export class ConsoleScheduler {
  #signals: EventEmitter | null = null;
  #done: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: (signal: AbortSignal) => Promise<void>,
    private readonly log: (line: string) => void,
  ) {}

  get running(): boolean {
    return this.#signals !== null;
  }

  /** Runs `settings` from now on (stopping the schedule it ran before); off when not enabled. */
  async apply(settings: ScheduleSettings): Promise<void> {
    await this.stop();
    if (!settings.enabled) return;
    const signals = new EventEmitter();
    this.#signals = signals;
    this.#done = runSchedule({
      cron: cronOf(settings),
      timezone: settings.timezone,
      run: this.run,
      log: this.log,
      // An emitter of the two signals runSchedule listens for: it never calls anything else of the process.
      signals: signals as unknown as ScheduleOptions["signals"],
    });
  }

  /** No further runs; a run going on finishes (the console stops it itself when it closes). */
  async stop(): Promise<void> {
    const signals = this.#signals;
    if (signals === null) return;
    this.#signals = null;
    signals.emit("SIGTERM", "SIGTERM");
    await this.#done;
  }
}
