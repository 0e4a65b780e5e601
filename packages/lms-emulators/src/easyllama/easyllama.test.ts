import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "@hibob-learners/emulator-kit";
import { startEasyLlamaEmulator } from "./index.js";
import type { EasyLlamaEmulator, Learner, LearnerTraining } from "./index.js";

const clock = manualClock();
let llama: EasyLlamaEmulator;

/** `token` null sends no Authorization header at all. */
async function call(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = llama.apiTokens[0] ?? null,
) {
  const response = await fetch(`${llama.baseUrl}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as unknown,
  };
}

/** The easyllama-client gem sends `page` as a JSON body on GET, which fetch refuses to do. */
function getWithBody(path: string, body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${llama.baseUrl}${path}`);
    const payload = JSON.stringify(body);
    const req = httpRequest(
      url,
      {
        method: "GET",
        headers: {
          authorization: `Bearer ${llama.apiTokens[0] ?? ""}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          resolve(JSON.parse(text));
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function createLearner(fields: Record<string, unknown>): Promise<Learner> {
  const created = await call("POST", "/learners", { first_name: "Jane", last_name: "Doe", ...fields });
  expect(created.status).toBe(201);
  return (created.body as { learner: Learner }).learner;
}

const learnersOf = (body: unknown) => (body as { learners: Learner[] }).learners;
const assignmentsOf = (body: unknown) => (body as { learner_trainings: LearnerTraining[] }).learner_trainings;

beforeAll(async () => {
  llama = await startEasyLlamaEmulator({ clock: clock.now, pageSize: 2, tokenTtlSeconds: 60 });
});
afterAll(async () => {
  await llama.close();
});
beforeEach(() => {
  llama.reset();
  llama.setRateLimit(undefined);
  llama.setLatency(0);
});

describe("EasyLlama auth", () => {
  it("issues OAuth client-credentials tokens that work until they expire", async () => {
    const issued = await call(
      "POST",
      "/oauth/token",
      { client_id: llama.clientId, client_secret: llama.clientSecret, grant_type: "client_credentials" },
      null,
    );
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: "Bearer", expires_in: 60 });
    const token = (issued.body as { access_token: string }).access_token;
    expect((await call("GET", "/learners", undefined, token)).status).toBe(200);
    clock.advance(60_000);
    const expired = await call("GET", "/learners", undefined, token);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: "Unauthorized" });
  });

  it("takes form-encoded requests with HTTP Basic client authentication", async () => {
    const response = await fetch(llama.tokenUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${llama.clientId}:${llama.clientSecret}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty("access_token");
  });

  it("refuses bad credentials, other grants, and calls without a token", async () => {
    const wrong = await call(
      "POST",
      "/oauth/token",
      { client_id: llama.clientId, client_secret: "nope", grant_type: "client_credentials" },
      null,
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: "invalid_client" });
    const grant = await call(
      "POST",
      "/oauth/token",
      { client_id: llama.clientId, grant_type: "password" },
      null,
    );
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({ error: "unsupported_grant_type" });
    expect((await call("GET", "/learners", undefined, null)).status).toBe(401);
    expect((await call("GET", "/learners", undefined, "made-up")).status).toBe(401);
  });
});

describe("EasyLlama learners", () => {
  it("creates, reads and partially updates a learner", async () => {
    const created = await createLearner({
      email: "Jane@Acme.test",
      title: "Engineer",
      external_id: "3332883884017713938",
      department: "R&D",
      start_date: "2024-01-01",
      unknown_field: "dropped",
    });
    expect(created).toMatchObject({
      id: 1,
      role: "non-supervisor",
      status: "active",
      archived_at: null,
      phone: null,
    });
    expect(created).not.toHaveProperty("unknown_field");
    expect((await call("GET", "/learners/1")).body).toEqual({ learner: created });

    clock.advance(1_000);
    const promoted = await call("PATCH", "/learners/1", { role: "supervisor", title: null });
    expect(promoted.body).toMatchObject({ learner: { role: "supervisor", title: null, department: "R&D" } });
    expect((promoted.body as { learner: Learner }).learner.updated_at).not.toBe(created.updated_at);

    clock.advance(1_000);
    const same = await call("PATCH", "/learners/1", { role: "supervisor" });
    expect((same.body as { learner: Learner }).learner.updated_at).toBe(
      (promoted.body as { learner: Learner }).learner.updated_at,
    );
    expect((await call("GET", "/learners/99")).status).toBe(404);
  });

  it("validates learners and keeps email and external_id unique", async () => {
    const missing = await call("POST", "/learners", { first_name: "Jane", email: "jane@acme.test" });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ error: expect.stringContaining("last_name") as unknown });
    const anonymous = await call("POST", "/learners", { first_name: "No", last_name: "Key" });
    expect(anonymous.status).toBe(422);
    expect(
      (await call("POST", "/learners", { first_name: "A", last_name: "B", email: "x", role: "boss" })).status,
    ).toBe(422);
    await createLearner({ email: "jane@acme.test", external_id: "1" });
    const twin = await call("POST", "/learners", {
      first_name: "J",
      last_name: "D",
      email: "JANE@acme.test",
    });
    expect(twin.status).toBe(422);
    expect(twin.body).toMatchObject({
      error: expect.stringContaining("email has already been taken") as unknown,
    });
    const sameId = await call("POST", "/learners", { first_name: "J", last_name: "D", external_id: "1" });
    expect(sameId.status).toBe(422);
    // An employee without email is still a learner when it has an ID (EasyLlama's SFTP rule).
    await createLearner({ external_id: "2" });
  });

  it("archives with DELETE and reactivates the same learner (a rehire, not a duplicate)", async () => {
    const jane = await createLearner({ email: "jane@acme.test" });
    const archived = await call("DELETE", `/learners/${jane.id}`);
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({});
    expect(learnersOf((await call("GET", "/learners")).body)).toEqual([]);
    expect(learnersOf((await call("GET", "/learners?status=archived")).body)).toMatchObject([
      { id: jane.id },
    ]);
    expect((await call("GET", `/learners/${jane.id}`)).body).toMatchObject({
      learner: { status: "archived" },
    });
    expect((await call("DELETE", `/learners/${jane.id}`)).status).toBe(200);

    const rehire = await call("POST", "/learners", {
      first_name: "Jane",
      last_name: "Doe",
      email: "jane@acme.test",
    });
    expect(rehire.status).toBe(422);
    const reactivated = await call("PATCH", `/learners/${jane.id}`, { status: "active" });
    expect(reactivated.body).toMatchObject({ learner: { id: jane.id, status: "active", archived_at: null } });
    expect(llama.learners.count()).toBe(1);
  });

  it("pages active learners, reading `page` from the query or from a JSON body on GET", async () => {
    for (let i = 1; i <= 5; i++) await createLearner({ email: `l${i}@acme.test` });
    const pages = [];
    for (let page = 1; page <= 4; page++) {
      pages.push(learnersOf((await call("GET", `/learners?page=${page}`)).body).map((learner) => learner.id));
    }
    expect(pages).toEqual([[1, 2], [3, 4], [5], []]);
    expect(learnersOf(await getWithBody("/learners", { page: 2 })).map((learner) => learner.id)).toEqual([
      3, 4,
    ]);
    expect(learnersOf((await call("GET", "/learners?email=L4@ACME.test")).body)).toMatchObject([{ id: 4 }]);
    expect((await call("GET", "/learners?page=0")).status).toBe(400);
  });
});

describe("EasyLlama trainings and learner_trainings", () => {
  it("assigns a training once, lists, filters, sorts and unassigns", async () => {
    const trainings = (await call("GET", "/trainings")).body as { trainings: { id: number; name: string }[] };
    expect(trainings.trainings).toEqual([
      { id: 1, name: "Sexual Harassment Prevention (Non-Supervisor)" },
      { id: 2, name: "Sexual Harassment Prevention (Supervisor)" },
    ]);
    const jane = await createLearner({ email: "jane@acme.test" });
    const john = await createLearner({ email: "john@acme.test" });

    const assigned = await call("POST", `/learners/${jane.id}/learner_trainings`, {
      learner_id: jane.id,
      training_id: 2,
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({
      learner_training: { learner_id: jane.id, training_id: 2, status: "assigned" },
    });
    const again = await call("POST", `/learners/${jane.id}/learner_trainings`, {
      learner_id: jane.id,
      training_id: 2,
    });
    expect(again.status).toBe(422);
    expect((await call("POST", `/learners/${jane.id}/learner_trainings`, { training_id: 99 })).status).toBe(
      404,
    );
    expect(
      (await call("POST", `/learners/${jane.id}/learner_trainings`, { learner_id: john.id, training_id: 1 }))
        .status,
    ).toBe(422);

    await call("POST", `/learners/${jane.id}/learner_trainings`, { training_id: 3 });
    await call("POST", `/learners/${john.id}/learner_trainings`, { training_id: 3 });
    clock.advance(5_000);
    llama.learnerTrainings.complete(1);
    clock.advance(5_000);
    llama.learnerTrainings.complete(3);

    const janes = assignmentsOf((await call("GET", `/learner_trainings?learner_id=${jane.id}`)).body);
    expect(janes.map((assignment) => assignment.training_id)).toEqual([2, 3]);
    const completed = await getWithBody("/learner_trainings", { status: "completed", sort: "-completed_at" });
    expect(assignmentsOf(completed).map((assignment) => assignment.id)).toEqual([3, 1]);
    expect((await call("GET", "/learner_trainings?sort=name")).status).toBe(400);

    expect((await call("DELETE", `/learners/${john.id}/learner_trainings/1`)).status).toBe(404);
    expect((await call("DELETE", `/learners/${jane.id}/learner_trainings/1`)).status).toBe(204);
    expect(llama.learnerTrainings.list().map((assignment) => assignment.id)).toEqual([2, 3]);
  });

  it("refuses assignments to archived learners", async () => {
    const jane = await createLearner({ email: "jane@acme.test" });
    await call("DELETE", `/learners/${jane.id}`);
    const refused = await call("POST", `/learners/${jane.id}/learner_trainings`, { training_id: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: expect.stringContaining("archived") as unknown });
  });

  it("creates and lists locations", async () => {
    expect((await call("POST", "/locations", { name: "New Office" })).body).toEqual({
      location: { id: 1, name: "New Office" },
    });
    expect((await call("POST", "/locations", { name: "new office" })).status).toBe(422);
    expect((await call("GET", "/locations")).body).toEqual({ locations: [{ id: 1, name: "New Office" }] });
  });
});

describe("EasyLlama under faults and a rate limit", () => {
  it("injects faults in EasyLlama's error shape and counts write calls", async () => {
    llama.setFaults([{ kind: "429", count: 1, path: "/learners", method: "POST" }]);
    const limited = await call("POST", "/learners", {
      first_name: "A",
      last_name: "B",
      email: "a@acme.test",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.body).toEqual({ error: "injected fault: too many requests" });
    await createLearner({ email: "a@acme.test" });
    await call("DELETE", "/learners/1");
    expect(llama.requests()).toMatchObject({
      total: 3,
      writes: 3,
      faulted: 1,
      byRoute: { "POST /learners": 2, "DELETE /learners/:id": 1 },
    });
  });

  it("refuses requests above the rate limit with Retry-After", async () => {
    llama.setRateLimit({ requestsPerSecond: 1 });
    expect((await call("GET", "/trainings")).status).toBe(200);
    const refused = await call("GET", "/trainings");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.body).toEqual({ error: "rate limit exceeded" });
    clock.advance(1_000);
    expect((await call("GET", "/trainings")).status).toBe(200);
  });

  it("answers API calls after the latency set in-process or over the admin API, admin calls at once", async () => {
    llama.setLatency(120);
    let started = performance.now();
    expect((await call("GET", "/trainings")).status).toBe(200);
    // Only a lower bound: a busy machine may answer later, never earlier.
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);

    const admin = (method: string, body?: unknown) =>
      fetch(`${llama.adminUrl}/latency`, { method, body: body === undefined ? null : JSON.stringify(body) });
    expect(await (await admin("GET")).json()).toEqual({ latencyMs: 120 });
    expect((await admin("PUT", { latencyMs: -1 })).status).toBe(400);
    expect(await (await admin("PUT", { latencyMs: 60 })).json()).toEqual({ latencyMs: 60 });
    llama.setRateLimit({ requestsPerSecond: 1 });
    await call("GET", "/trainings");
    started = performance.now();
    // A refusal takes the round trip too.
    expect((await call("GET", "/trainings")).status).toBe(429);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});
