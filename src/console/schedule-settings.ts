import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { ConnectionFolder } from "../runner/state-store.js";
import { writeAtomically } from "../runner/state-store.js";
import { cronJob } from "../runner/schedule.js";

/**
 * The daily schedule as people set it: a time and a time zone, and whether this console runs it. `schedule`
 * takes the same as a cron expression (`cronOf`), so the console can print the command that runs it unattended.
 */
export const ScheduleSettings = z.strictObject({
  enabled: z.boolean(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM (24-hour)"),
  timezone: z.string().min(1),
});
export type ScheduleSettings = z.infer<typeof ScheduleSettings>;

export const DEFAULT_SCHEDULE: ScheduleSettings = { enabled: false, time: "06:00", timezone: "UTC" };

/** `06:30` → `30 6 * * *`: every day at that time. */
export function cronOf(settings: Pick<ScheduleSettings, "time">): string {
  const [hours = "0", minutes = "0"] = settings.time.split(":");
  return `${Number(minutes)} ${Number(hours)} * * *`;
}

/** The settings, or the problem (an unknown time zone is found by croner, as `schedule --timezone` finds it). */
export function checkSchedule(
  raw: unknown,
): { ok: true; settings: ScheduleSettings } | { ok: false; message: string } {
  const parsed = ScheduleSettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `'${issue?.path.join(".") ?? ""}' ${issue?.message ?? "is not valid"}.` };
  }
  try {
    cronJob(cronOf(parsed.data), parsed.data.timezone).stop();
  } catch {
    return {
      ok: false,
      message: `'timezone' ${parsed.data.timezone} is not a time zone this machine knows.`,
    };
  }
  return { ok: true, settings: parsed.data };
}

/** When the schedule runs next, or null when it is off. */
export function nextRun(settings: ScheduleSettings): Date | null {
  if (!settings.enabled) return null;
  const job = cronJob(cronOf(settings), settings.timezone);
  const next = job.nextRun();
  job.stop();
  return next;
}

/** The schedule is kept beside the connection's state, so each connection has its own. */
export const scheduleFile = (folder: ConnectionFolder): string => join(folder.dir, "schedule.json");

export async function readSchedule(folder: ConnectionFolder): Promise<ScheduleSettings> {
  const text = await readFile(scheduleFile(folder), "utf8").catch(() => undefined);
  if (text === undefined) return DEFAULT_SCHEDULE;
  try {
    const parsed = ScheduleSettings.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_SCHEDULE;
  } catch {
    return DEFAULT_SCHEDULE;
  }
}

export async function saveSchedule(folder: ConnectionFolder, settings: ScheduleSettings): Promise<void> {
  await mkdir(folder.dir, { recursive: true });
  await writeAtomically(scheduleFile(folder), `${JSON.stringify(settings, null, 2)}\n`);
}
