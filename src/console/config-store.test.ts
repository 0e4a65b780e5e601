import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { destinationLearners } from "../destination-learners/destination.js";
import { sourceHibob } from "../source-hibob/source.js";
import { KEPT_SECRET } from "./api-types.js";
import { ConfigFile } from "./config-store.js";
import { ConsoleScheduler } from "./console-schedule.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "config-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bob = {
  service_user_id: "SU",
  service_user_token: "a-real-token-123",
  api_url: "https://api.hibob.com/v1",
};

describe("a config file", () => {
  it("is written owner-only, even over a file others could read", async () => {
    const path = join(dir, "source.json");
    await writeFile(path, "{}");
    await chmod(path, 0o644);
    const file = new ConfigFile(path, sourceHibob);
    expect(await file.save(bob)).toMatchObject({ saved: true, config: { service_user_token: KEPT_SECRET } });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(bob);
  });

  it("takes saves at once (a double click, a second tab): each whole, none failing", async () => {
    const file = new ConfigFile(join(dir, "source.json"), sourceHibob);
    const ids = ["SU-1", "SU-2", "SU-3", "SU-4", "SU-5", "SU-6"];
    const saves = await Promise.all(ids.map((id) => file.save({ ...bob, service_user_id: id })));
    expect(saves.every((result) => result.saved)).toBe(true);
    const saved = JSON.parse(await readFile(join(dir, "source.json"), "utf8")) as typeof bob;
    expect(ids).toContain(saved.service_user_id);
  });

  it("is validated by the connector's own schema before anything is written, each problem placed", async () => {
    const file = new ConfigFile(join(dir, "destination.json"), destinationLearners);
    const answer = await file.save({ target: { type: "scim", base_url: "not a url", token: "x" } });
    expect(answer.saved).toBe(false);
    expect(answer.message).toContain("'target.base_url'");
    expect(answer.problems.map((problem) => problem.path.join("."))).toEqual(
      expect.arrayContaining(["target.base_url", "target.token"]),
    );
    expect(await file.read()).toBeUndefined();
  });

  it("refuses what is not an object, and a file that is not JSON names itself without quoting it", async () => {
    const path = join(dir, "source.json");
    const file = new ConfigFile(path, sourceHibob);
    expect(await file.save([1])).toMatchObject({
      saved: false,
      message: "The config must be a JSON object.",
    });
    await writeFile(path, '{"service_user_token": "a-real-token-123"');
    await expect(file.masked()).rejects.toThrow(`${path} is not a JSON object`);
    await expect(file.masked()).rejects.not.toThrow("a-real-token-123");
  });
});

describe("the console's scheduler", () => {
  it("runs the schedule only while it is on, and stops it for a new one", async () => {
    const lines: string[] = [];
    const scheduler = new ConsoleScheduler(
      () => Promise.resolve(),
      (line) => lines.push(line),
    );
    await scheduler.apply({ enabled: false, time: "06:00", timezone: "UTC" });
    expect(scheduler.running).toBe(false);
    await scheduler.apply({ enabled: true, time: "06:00", timezone: "UTC" });
    expect(scheduler.running).toBe(true);
    await scheduler.apply({ enabled: true, time: "07:00", timezone: "Europe/Paris" });
    expect(scheduler.running).toBe(true);
    await scheduler.stop();
    expect(scheduler.running).toBe(false);
    expect(lines.filter((line) => line.startsWith("Scheduled"))).toEqual([
      'Scheduled "0 6 * * *" (UTC).',
      'Scheduled "0 7 * * *" (Europe/Paris).',
    ]);
    expect(lines.filter((line) => line.includes("schedule stopped"))).toHaveLength(2);
  });
});
