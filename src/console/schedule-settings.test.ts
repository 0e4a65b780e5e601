import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connectionFolder } from "../runner/state-store.js";
import {
  checkSchedule,
  cronOf,
  DEFAULT_SCHEDULE,
  nextRun,
  readSchedule,
  saveSchedule,
  scheduleFile,
} from "./schedule-settings.js";

describe("the daily schedule", () => {
  it.each([
    ["06:00", "0 6 * * *"],
    ["17:30", "30 17 * * *"],
    ["00:05", "5 0 * * *"],
  ])("%s is the cron expression %s", (time, cron) => {
    expect(cronOf({ time })).toBe(cron);
  });

  it.each([
    [{ enabled: true, time: "6:00", timezone: "UTC" }, "'time' must be a time as HH:MM"],
    [{ enabled: true, time: "24:00", timezone: "UTC" }, "'time' must be a time as HH:MM"],
    [{ enabled: true, time: "06:00", timezone: "Mars/Olympus" }, "not a time zone"],
    [{ enabled: "yes", time: "06:00", timezone: "UTC" }, "'enabled'"],
    [{ enabled: true, time: "06:00", timezone: "UTC", cron: "* * * * *" }, "Unrecognized key"],
  ])("refuses %j, saying why", (raw, why) => {
    const checked = checkSchedule(raw);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? "" : checked.message).toContain(why);
  });

  it("runs next at the set time in its zone, and not at all when off", () => {
    const on = { enabled: true, time: "06:30", timezone: "Europe/London" };
    expect(checkSchedule(on)).toEqual({ ok: true, settings: on });
    const next = nextRun(on);
    expect(next).not.toBeNull();
    const london = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      hour: "2-digit",
      minute: "2-digit",
    }).format(next ?? new Date(0));
    expect(london).toBe("06:30");
    expect(next?.getTime()).toBeGreaterThan(Date.now());
    expect(nextRun({ ...on, enabled: false })).toBeNull();
  });

  it("is kept beside the connection's state; a missing or damaged file reads as off", async () => {
    const dir = await mkdtemp(join(tmpdir(), "schedule-"));
    try {
      const folder = connectionFolder(dir, "c");
      expect(await readSchedule(folder)).toEqual(DEFAULT_SCHEDULE);
      const settings = { enabled: true, time: "07:15", timezone: "UTC" };
      await saveSchedule(folder, settings);
      expect(await readSchedule(folder)).toEqual(settings);
      await mkdir(folder.dir, { recursive: true });
      await writeFile(scheduleFile(folder), "{ cut sho");
      expect(await readSchedule(folder)).toEqual(DEFAULT_SCHEDULE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
