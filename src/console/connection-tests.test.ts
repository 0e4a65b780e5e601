import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { destinationLearners } from "../destination-learners/destination.js";
import { sourceHibob } from "../source-hibob/source.js";
import { KEPT_SECRET } from "./api-types.js";
import { ConfigFile } from "./config-store.js";
import { testDestination, testSource } from "./connection-tests.js";

const BOB_TOKEN = "bob-service-token-2c9e41";
const SCIM_TOKEN = "scim-bearer-token-77d0a3";
let dir: string;
let bob: HibobEmulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "connection-tests-"));
  bob = await startHibobEmulator({
    employees: 30,
    rateLimits: false,
    serviceUsers: [{ id: "SU", token: BOB_TOKEN, scope: { terminated: true } }],
  });
});
afterAll(async () => {
  await bob.close();
  await rm(dir, { recursive: true, force: true });
});

describe("Test connection, Bob", () => {
  it("saves nothing when Bob refuses the token, and never repeats it", async () => {
    const file = new ConfigFile(join(dir, "refused.json"), sourceHibob);
    const answer = await testSource(file, {
      service_user_id: "SU",
      service_user_token: "not-the-token-123",
      api_url: bob.baseUrl,
    });
    expect(answer).toMatchObject({ ok: false, missing: [] });
    expect(JSON.stringify(answer)).not.toContain("not-the-token-123");
    expect(await file.read()).toBeUndefined();
  });

  it("saves the config when the check passes, and a second test keeps the saved token", async () => {
    const file = new ConfigFile(join(dir, "source.json"), sourceHibob);
    const config = { service_user_id: "SU", service_user_token: BOB_TOKEN, api_url: bob.baseUrl };
    expect(await testSource(file, config)).toMatchObject({ ok: true, employees: 30 });
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    const again = await testSource(file, { ...config, service_user_token: KEPT_SECRET });
    expect(again).toMatchObject({ ok: true });
    expect(JSON.parse(await readFile(file.path, "utf8"))).toMatchObject({ service_user_token: BOB_TOKEN });
  });
});

describe("Test connection, the learning platform", () => {
  it("reads a SCIM server's learners with the token, refuses a wrong one naming the field, and saves only the first", async () => {
    const scim = await startScimEmulator({ token: SCIM_TOKEN });
    try {
      const file = new ConfigFile(join(dir, "destination.json"), destinationLearners);
      const wrong = await testDestination(file, {
        target: { type: "scim", base_url: scim.baseUrl, token: "wrong-bearer-token" },
      });
      expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining("target.token") });
      expect(JSON.stringify(wrong)).not.toContain("wrong-bearer-token");
      expect(await file.read()).toBeUndefined();
      const right = await testDestination(file, {
        target: { type: "scim", base_url: scim.baseUrl, token: SCIM_TOKEN },
      });
      expect(right).toMatchObject({ ok: true });
      expect(JSON.stringify(right)).not.toContain(SCIM_TOKEN);
      expect(await file.read()).toMatchObject({ target: { token: SCIM_TOKEN } });
    } finally {
      await scim.close();
    }
  });

  it("says where a SQLite directory cannot be written", async () => {
    const file = new ConfigFile(join(dir, "sqlite.json"), destinationLearners);
    const answer = await testDestination(file, {
      target: { type: "sqlite", path: join(dir, "no", "such", "x.db") },
    });
    expect(answer).toMatchObject({
      ok: false,
      message: expect.stringContaining("does not exist or is not writable"),
    });
  });
});
