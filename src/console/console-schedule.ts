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
  /** apply() and stop() run one after another, so two at once never leave a scheduler no one can stop. */
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: (signal: AbortSignal) => Promise<void>,
    private readonly log: (line: string) => void,
  ) {}

  get running(): boolean {
    return this.#signals !== null;
  }

  /**
   * Runs `settings` from now on (stopping the schedule it ran before); off when not enabled. It does not wait for
   * a scheduled sync going on: that one finishes on its own, and the console's sync session keeps the new
   * schedule from starting another meanwhile.
   */
  apply(settings: ScheduleSettings): Promise<void> {
    return this.#enqueue(() => {
      this.#stopTimer();
      if (!settings.enabled) return;
      const signals = new EventEmitter();
      void runSchedule({
        cron: cronOf(settings),
        timezone: settings.timezone,
        run: this.run,
        log: this.log,
        // An emitter of the two signals runSchedule listens for: it never calls anything else of the process.
        signals: signals as unknown as ScheduleOptions["signals"],
      });
      this.#signals = signals;
    });
  }

  /**
   * No further runs, once the applies asked for before have taken effect; a run going on finishes (the console
   * stops it itself when it closes).
   */
  stop(): Promise<void> {
    return this.#enqueue(() => {
      this.#stopTimer();
    });
  }

  #enqueue(step: () => void): Promise<void> {
    const done = this.#queue.then(step);
    this.#queue = done.catch(() => undefined);
    return done;
  }

  #stopTimer(): void {
    const signals = this.#signals;
    if (signals === null) return;
    this.#signals = null;
    signals.emit("SIGTERM", "SIGTERM");
  }
}
