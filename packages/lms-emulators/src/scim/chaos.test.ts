import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "@hibob-learners/emulator-kit";
import { startScimEmulator } from "./index.js";
import type { ScimEmulator } from "./index.js";

const clock = manualClock();
let scim: ScimEmulator;

function createUser(userName: string): Promise<Response> {
  return fetch(`${scim.baseUrl}/Users`, {
    method: "POST",
    headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ userName }),
  });
}

function listUsers(): Promise<Response> {
  return fetch(`${scim.baseUrl}/Users`, { headers: { authorization: `Bearer ${scim.token}` } });
}

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${scim.adminUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as unknown };
}

beforeAll(async () => {
  scim = await startScimEmulator({ clock: clock.now });
});
afterAll(async () => {
  await scim.close();
});
beforeEach(() => {
  scim.reset();
  scim.setRateLimit(undefined);
});

describe("fault injection", () => {
  it("answers a scheduled 429 with Retry-After and a SCIM error, then recovers", async () => {
    scim.setFaults([{ kind: "429", count: 1, retryAfterSeconds: 3 }]);
    const limited = await createUser("jane");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(await limited.json()).toMatchObject({
      status: "429",
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    });
    expect(scim.users.count()).toBe(0);
    expect((await createUser("jane")).status).toBe(201);
  });

  it("answers 500 and 503 as the API would, and 502 as a gateway would", async () => {
    scim.setFaults([
      { kind: "500", count: 1 },
      { kind: "503", count: 1, retryAfterSeconds: 2 },
      { kind: "502", count: 1 },
    ]);
    const failed = await createUser("a");
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ status: "500" });
    const unavailable = await createUser("b");
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("2");
    const gateway = await createUser("c");
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get("content-type")).toBe("text/html");
    expect(await gateway.text()).toContain("Bad Gateway");
    expect(scim.users.count()).toBe(0);
  });

  it("drops the connection before handling (nothing written) or after (written, answer lost)", async () => {
    scim.setFaults([{ kind: "reset", count: 1 }]);
    await expect(createUser("before")).rejects.toThrow();
    expect(scim.users.byUserName("before")).toBeUndefined();

    scim.setFaults([{ kind: "reset", count: 1, phase: "after" }]);
    await expect(createUser("after")).rejects.toThrow();
    expect(scim.users.byUserName("after")).toMatchObject({ userName: "after" });
    // The retry a careful client makes finds the user already there.
    expect((await createUser("after")).status).toBe(409);
  });

  it("truncates the body after handling the request", async () => {
    scim.setFaults([{ kind: "truncate", count: 1 }]);
    const cut = await createUser("jane");
    expect(cut.status).toBe(201);
    await expect(cut.json()).rejects.toThrow();
    expect(scim.users.byUserName("jane")).toMatchObject({ userName: "jane" });
  });

  it("answers slowly, then normally", async () => {
    scim.setFaults([{ kind: "slow", count: 1, delayMs: 150 }]);
    const started = performance.now();
    const response = await createUser("jane");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(201);
  });

  it("scopes faults by method and path, and takes schedules through the admin endpoint", async () => {
    const put = await admin("PUT", "/faults", {
      faults: [{ kind: "500", count: 2, method: "POST", path: "/Users", after: 1 }],
    });
    expect(put.status).toBe(200);
    expect((await createUser("one")).status).toBe(201);
    expect((await listUsers()).status).toBe(200);
    expect((await createUser("two")).status).toBe(500);
    expect((await admin("GET", "/faults")).body).toEqual({
      faults: [{ kind: "500", count: 1, method: "POST", path: "/Users" }],
    });
    expect((await createUser("two")).status).toBe(500);
    expect((await createUser("two")).status).toBe(201);

    const invalid = await admin("PUT", "/faults", [{ kind: "teapot", count: 1 }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      error: expect.stringContaining("invalid fault schedule") as unknown,
    });
    await admin("POST", "/faults", [{ kind: "503", count: 5 }]);
    expect(scim.faults()).toHaveLength(1);
    expect((await admin("DELETE", "/faults")).status).toBe(204);
    expect((await listUsers()).status).toBe(200);
  });
});

describe("rate limit", () => {
  it("is off by default and answers 429 with Retry-After once R is exceeded", async () => {
    for (let i = 0; i < 20; i++) expect((await listUsers()).status).toBe(200);

    scim.setRateLimit({ requestsPerSecond: 2 });
    const first = await listUsers();
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    expect((await listUsers()).status).toBe(200);
    const refused = await listUsers();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toMatchObject({ status: "429", detail: "rate limit exceeded" });

    clock.advance(499);
    expect((await listUsers()).status).toBe(429);
    clock.advance(1);
    expect((await listUsers()).status).toBe(200);
    expect(scim.requests().rateLimited).toBe(2);
  });

  it("is set and cleared through the admin endpoint", async () => {
    expect((await admin("PUT", "/rate-limit", { requestsPerSecond: 1, burst: 1 })).body).toEqual({
      rateLimit: { requestsPerSecond: 1, burst: 1 },
    });
    expect((await listUsers()).status).toBe(200);
    expect((await listUsers()).status).toBe(429);
    expect((await admin("PUT", "/rate-limit", { requestsPerSecond: 0 })).status).toBe(400);
    await admin("PUT", "/rate-limit", { requestsPerSecond: null });
    expect((await listUsers()).status).toBe(200);
  });
});

describe("request counters and admin state", () => {
  it("counts calls by method and route, faults and refusals included", async () => {
    scim.setFaults([{ kind: "503", count: 1, method: "PATCH" }]);
    const created = await createUser("jane");
    const { id } = (await created.json()) as { id: string };
    const patch = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    };
    for (let i = 0; i < 2; i++) {
      await fetch(`${scim.baseUrl}/Users/${id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" },
        body: JSON.stringify(patch),
      });
    }
    await listUsers();
    expect(scim.requests()).toEqual({
      total: 4,
      writes: 3,
      byMethod: { POST: 1, PATCH: 2, GET: 1 },
      byRoute: { "POST /Users": 1, "PATCH /Users/:id": 2, "GET /Users": 1 },
      rateLimited: 0,
      faulted: 1,
    });
    expect((await admin("GET", "/requests")).body).toMatchObject({ total: 4, writes: 3 });
    expect((await admin("DELETE", "/requests")).status).toBe(204);
    expect(scim.requests().total).toBe(0);
  });

  it("serves a snapshot and resets everything through the admin endpoint", async () => {
    await createUser("jane");
    const snapshot = await admin("GET", "/snapshot");
    expect(snapshot.body).toMatchObject({ users: [{ userName: "jane" }], groups: [] });
    scim.setFaults([{ kind: "500", count: 9 }]);
    expect((await admin("POST", "/reset")).status).toBe(204);
    expect(scim.users.count()).toBe(0);
    expect(scim.faults()).toEqual([]);
    expect((await admin("GET", "/nope")).status).toBe(404);
    const outside = await fetch(`${scim.baseUrl.replace("/scim/v2", "")}/other`);
    expect(outside.status).toBe(404);
  });
});
