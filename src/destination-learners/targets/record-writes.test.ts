import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { TransientError } from "../../protocol/index.js";
import { createHttpTarget } from "./http-target.js";
import { recordWrites } from "./record-writes.js";

describe("recordWrites against a real server", () => {
  let scim: ScimEmulator;
  beforeAll(async () => {
    scim = await startScimEmulator();
  });
  afterAll(async () => {
    await scim.close();
  });
  beforeEach(() => {
    scim.setFaults([]);
  });

  const send = (baseUrl = scim.baseUrl) =>
    recordWrites(
      createHttpTarget({
        baseUrl,
        urlField: "target.base_url",
        peer: "The SCIM server",
        authorization: () => Promise.resolve(`Bearer ${scim.token}`),
        credentialFields: "target.token",
        mediaType: "application/scim+json",
        policy: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 100 },
        timing: { sleep: () => Promise.resolve() },
      }),
      { beforeFirstSuccess: 3, inARow: 4 },
    );
  const failing = { method: "PATCH", path: "/Users/x" } as const;
  let made = 0;
  const working = () => {
    made += 1;
    const body = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `u${String(made)}@acme.test`,
    };
    return { method: "POST", path: "/Users", body } as const;
  };
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  it("hands back the last 5xx of a record that outlasted its retries, for the caller to reject", async () => {
    scim.setFaults([{ kind: "500", count: 3, method: "PATCH" }]);
    const answer = await send()(failing);
    expect(answer.status).toBe(500);
    expect(scim.requests().total).toBeGreaterThanOrEqual(3);
  });

  it("fails the sync when records keep failing before any was written: the target is unusable", async () => {
    scim.setFaults([{ kind: "503", count: 100, method: "PATCH" }]);
    const write = send();
    expect((await write(failing)).status).toBe(503);
    expect((await write(failing)).status).toBe(503);
    const error = await failureOf(write(failing));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/3 requests in a row failed this way and no write took effect/);
  });

  it("after a success, tolerates failures until too many come in a row", async () => {
    scim.setFaults([{ kind: "503", count: 100, method: "PATCH" }]);
    const write = send();
    expect((await write(working())).status).toBe(201);
    // Reads say nothing of writes: they reset nothing.
    expect((await write({ method: "GET", path: "/Users" })).status).toBe(200);
    for (let index = 0; index < 3; index += 1) expect((await write(failing)).status).toBe(503);
    expect((await write(working())).status).toBe(201);
    for (let index = 0; index < 3; index += 1) expect((await write(failing)).status).toBe(503);
    expect(await failureOf(write(failing))).toBeInstanceOf(TransientError);
  });

  it("fails at once when the server cannot be reached: nothing about the record is known", async () => {
    const closed = await startScimEmulator();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const error = await failureOf(send(baseUrl)(working()));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/could not be reached/);
  });
});
