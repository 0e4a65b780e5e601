// Every fault kind, switched on through the admin API (and in-process), over real HTTP.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FaultRule, HibobEmulator } from "./index.js";
import { basicAuthHeader, startHibobEmulator } from "./index.js";

let emu: HibobEmulator;
const auth = basicAuthHeader("emulator", "emulator-token");

beforeAll(async () => {
  emu = await startHibobEmulator({ employees: 500, seed: 9, today: "2026-03-02", rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.clearFaults();
});

async function addFault(rule: FaultRule | Record<string, unknown>) {
  const res = await fetch(`${emu.adminUrl}/faults`, { method: "POST", body: JSON.stringify(rule) });
  const json: unknown = await res.json();
  return { status: res.status, json };
}

const search = () =>
  fetch(`${emu.baseUrl}/people/search`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json" },
    body: JSON.stringify({ fields: ["root.id", "root.email", "work.title"], showInactive: true }),
  });
const fields = () => fetch(`${emu.baseUrl}/company/people/fields`, { headers: { authorization: auth } });

describe("fault injection", () => {
  it("429 storm: a run of 429s with exhausted rate-limit headers, then normal answers", async () => {
    expect((await addFault({ endpoint: "people.search", kind: "429", count: 3 })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const res = await search();
      expect(res.status).toBe(429);
      expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
      expect(await res.json()).toMatchObject({ key: expect.any(String) as unknown });
    }
    expect((await search()).status).toBe(200);
  });

  it.each(["500", "502", "503"] as const)("%s burst", async (kind) => {
    await addFault({ endpoint: "people.search", kind, count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await search();
      expect(res.status).toBe(Number(kind));
      expect(res.headers.get("content-type")).toContain(kind === "500" ? "application/json" : "text/html");
      await res.text();
    }
    expect((await search()).status).toBe(200);
  });

  it("resets the connection mid-body", async () => {
    await addFault({ endpoint: "people.search", kind: "reset", count: 1, afterBytes: 500 });
    await expect(search().then((res) => res.text())).rejects.toThrow();
    expect((await search()).status).toBe(200);
  });

  it("truncates the JSON in a well-framed 200 response", async () => {
    await addFault({ endpoint: "people.search", kind: "truncate", count: 1, afterBytes: 1234 });
    const res = await search();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBe(1234);
    expect(() => JSON.parse(text) as unknown).toThrow();
    // Without afterBytes a small body is cut in half.
    const whole = await (await fields()).text();
    emu.addFault({ endpoint: "fields", kind: "truncate", count: 1 });
    const cut = await (await fields()).text();
    expect(cut).toBe(whole.slice(0, cut.length));
    expect(Math.abs(Buffer.byteLength(cut) - Buffer.byteLength(whole) / 2)).toBeLessThanOrEqual(1);
  });

  it("slows responses down", async () => {
    await addFault({ endpoint: "fields", kind: "slow", count: 1, delayMs: 400 });
    const started = Date.now();
    expect((await fields()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it("answers 200 text/html instead of JSON", async () => {
    await addFault({ endpoint: "*", kind: "html", count: 1 });
    const res = await fields();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it("scopes faults by endpoint, keeps them until cleared when no count is given, and clears them", async () => {
    await addFault({ endpoint: "bulk", kind: "503" });
    expect((await fields()).status).toBe(200);
    const bulk = () => fetch(`${emu.baseUrl}/bulk/people/work`, { headers: { authorization: auth } });
    for (let i = 0; i < 5; i++) expect((await bulk()).status).toBe(503);
    const list = (await (await fetch(`${emu.adminUrl}/faults`)).json()) as { fired: number }[];
    expect(list[0]?.fired).toBe(5);
    await fetch(`${emu.adminUrl}/faults`, { method: "DELETE" });
    expect((await bulk()).status).toBe(200);
  });

  it("lets `after` requests through first, then fires `count` times", async () => {
    await addFault({ endpoint: "fields", kind: "500", after: 2, count: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fields()).status);
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  it("fires with a probability drawn from a seeded stream", async () => {
    emu.addFault({ endpoint: "fields", kind: "500", probability: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fields()).status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5);
  });

  it("rejects malformed rules", async () => {
    expect((await addFault({ endpoint: "people.search", kind: "418" })).status).toBe(400);
    expect((await addFault({ endpoint: "nowhere", kind: "500" })).status).toBe(400);
    expect((await addFault({ endpoint: "fields", kind: "slow", delayMs: -1 })).status).toBe(400);
  });
});
