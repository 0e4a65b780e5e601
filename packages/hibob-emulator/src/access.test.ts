// Auth, permissions, "Access data for", the firewall and rate limits, over real HTTP with an injected clock.

import { afterEach, describe, expect, it } from "vitest";
import { CUSTOM_TABLE_ID } from "./custom.js";
import { lifecycleStatus } from "./employee.js";
import type { EmulatorOptions, HibobEmulator } from "./index.js";
import { basicAuthHeader, startHibobEmulator } from "./index.js";

const TODAY = "2026-03-02";
let emu: HibobEmulator | undefined;

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(options: EmulatorOptions): Promise<HibobEmulator> {
  emu = await startHibobEmulator({ employees: 300, seed: 3, today: TODAY, ...options });
  return emu;
}

async function call(
  e: HibobEmulator,
  user: [string, string] | string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const headers: Record<string, string> = {};
  if (Array.isArray(user)) headers.authorization = basicAuthHeader(user[0], user[1]);
  else if (typeof user === "string") headers.authorization = user;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${e.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: res.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as unknown) : undefined,
  };
}

type Person = Record<string, unknown>;
const people = (json: unknown) => (json as { employees: Person[] }).employees;

describe("authentication", () => {
  it("accepts Basic id:token and answers 401 {key, error} otherwise", async () => {
    const e = await start({ serviceUsers: [{ id: "SU1", token: "secret" }] });
    expect((await call(e, ["SU1", "secret"], "GET", "/company/people/fields")).status).toBe(200);
    for (const user of [["SU1", "wrong"], ["nobody", "secret"], null, "secret", "Bearer secret"] as const) {
      const res = await call(e, user as [string, string] | string | null, "GET", "/company/people/fields");
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ key: expect.any(String) as unknown, error: expect.any(String) as unknown });
    }
  });
});

describe("permissions", () => {
  it("silently omits fields of unpermitted categories from every form, with 200", async () => {
    const e = await start({
      serviceUsers: [
        { id: "full", token: "t" },
        { id: "narrow", token: "t", permissions: ["root", "work"] },
      ],
    });
    const body = {
      fields: ["root.id", "work.title", "home.mobilePhone", "payroll.salary.payment", "internal.status"],
      humanReadable: "APPEND",
    };
    const full = people((await call(e, ["full", "t"], "POST", "/people/search", body)).json);
    const narrowRes = await call(e, ["narrow", "t"], "POST", "/people/search", body);
    expect(narrowRes.status).toBe(200);
    const narrow = people(narrowRes.json);
    expect(narrow.map((p) => p.id)).toEqual(full.map((p) => p.id));
    expect(full.some((p) => "payroll" in p && "internal" in p)).toBe(true);
    for (const p of narrow) {
      expect(Object.keys(p).sort()).toEqual(
        ["/root/id", "/work/title", "humanReadable", "id", "work"].filter((k) => k in p).sort(),
      );
      expect(JSON.stringify(p)).not.toMatch(/mobilePhone|payroll|internal/);
    }
    const one = await call(e, ["narrow", "t"], "POST", `/people/${String(full[0]?.id)}`, body);
    expect(JSON.stringify(one.json)).not.toMatch(/mobilePhone|payroll|internal/);
  });

  it("without any category permission, search answers 200 with no data", async () => {
    const e = await start({ serviceUsers: [{ id: "none", token: "t", permissions: [] }] });
    const res = await call(e, ["none", "t"], "POST", "/people/search", {});
    expect(res.status).toBe(200);
    expect(people(res.json).every((p) => Object.keys(p).length === 0)).toBe(true);
    // Field metadata needs no permission at all.
    expect((await call(e, ["none", "t"], "GET", "/company/people/fields")).status).toBe(200);
    expect((await call(e, ["none", "t"], "GET", "/bulk/people/work")).status).toBe(403);
    expect(
      (await call(e, ["none", "t"], "GET", "/timeoff/requests/changes?since=2026-01-01T00:00:00Z")).status,
    ).toBe(403);
    expect(
      (
        await call(
          e,
          ["none", "t"],
          "GET",
          `/people/custom-tables/${e.company.employees[2]?.id ?? ""}/${CUSTOM_TABLE_ID}`,
        )
      ).status,
    ).toBe(403);
  });

  it("without Basic info, employees carry no id in any form (empty objects when nothing else is granted)", async () => {
    const e = await start({
      serviceUsers: [
        { id: "no-basic", token: "t", permissions: ["work"] },
        { id: "none", token: "t", permissions: [] },
      ],
    });
    const body = { fields: ["root.id", "root.email", "work.title"], humanReadable: "APPEND" };
    const noBasic = people((await call(e, ["no-basic", "t"], "POST", "/people/search", body)).json);
    expect(noBasic.length).toBeGreaterThan(0);
    for (const p of noBasic) {
      expect(p).not.toHaveProperty("id");
      expect(p).not.toHaveProperty("/root/id");
      expect(p).toHaveProperty("work.title");
      expect(p.humanReadable).not.toHaveProperty("id");
    }
    const none = people((await call(e, ["none", "t"], "POST", "/people/search", body)).json);
    expect(none).toHaveLength(noBasic.length);
    expect(none.every((p) => Object.keys(p).length === 0)).toBe(true);
  });

  it("without the section-history permission, tables show only the current row", async () => {
    const e = await start({ serviceUsers: [{ id: "h", token: "t", histories: [] }] });
    const someone = e.company.employees.find((x) => x.work.length > 1 && x.startDate <= TODAY);
    const rows = (await call(e, ["h", "t"], "GET", `/people/${someone?.id ?? ""}/work`)).json as {
      values: Person[];
    };
    expect(rows.values).toHaveLength(1);
    expect(rows.values[0]?.isCurrent).toBe(true);
  });
});

describe('"Access data for" scope', () => {
  it("hides terminated people by default, even with showInactive, exactly like deleted ones", async () => {
    const e = await start({
      serviceUsers: [
        { id: "default", token: "t" },
        { id: "leavers", token: "t", scope: { terminated: true } },
        { id: "employed", token: "t", scope: { hired: false, leave: false } },
      ],
    });
    const status = new Map(e.company.employees.map((x) => [x.id, lifecycleStatus(x, TODAY)]));
    const ids = async (user: string, showInactive: boolean) =>
      people(
        (await call(e, [user, "t"], "POST", "/people/search", { fields: ["root.id"], showInactive })).json,
      ).map((p) => String(p.id));

    const byDefault = await ids("default", true);
    expect(byDefault.some((id) => status.get(id) === "terminated")).toBe(false);
    expect(byDefault.some((id) => status.get(id) === "hired")).toBe(true);
    const active = await ids("default", false);
    expect(active.some((id) => status.get(id) === "hired")).toBe(false);

    const widened = await ids("leavers", true);
    expect(widened.some((id) => status.get(id) === "terminated")).toBe(true);
    expect(await ids("leavers", false)).toEqual(active);

    const narrow = await ids("employed", true);
    expect(narrow.every((id) => status.get(id) === "employed")).toBe(true);

    const leaver = [...status].find(([, s]) => s === "terminated")?.[0] ?? "";
    expect((await call(e, ["default", "t"], "POST", `/people/${leaver}`, {})).status).toBe(403);
    expect((await call(e, ["leavers", "t"], "POST", `/people/${leaver}`, {})).status).toBe(200);
    expect((await call(e, ["default", "t"], "GET", `/people/${leaver}/lifecycle`)).status).toBe(403);
  });
});

describe("firewall", () => {
  it("blocks a credential after 50 401s within 10 s, for 5 minutes", async () => {
    let now = Date.parse("2026-03-02T10:00:00Z");
    const e = await start({ now: () => now, serviceUsers: [{ id: "SU", token: "good" }] });
    const bad = basicAuthHeader("SU", "bad");
    for (let i = 0; i < 49; i++)
      expect((await call(e, bad, "GET", "/company/people/fields")).status).toBe(401);
    // The IP is not blocked yet: a good credential still works.
    expect((await call(e, ["SU", "good"], "GET", "/company/people/fields")).status).toBe(200);
    expect((await call(e, bad, "GET", "/company/people/fields")).status).toBe(401);
    const blocked = await call(e, bad, "GET", "/company/people/fields");
    expect(blocked.status).toBe(403);
    // 50 401s also came from this IP, so everyone on it is blocked.
    expect((await call(e, ["SU", "good"], "GET", "/company/people/fields")).status).toBe(403);
    now += 299_000;
    expect((await call(e, ["SU", "good"], "GET", "/company/people/fields")).status).toBe(403);
    now += 2_000;
    expect((await call(e, ["SU", "good"], "GET", "/company/people/fields")).status).toBe(200);
  });

  it("does not block 401s spread wider than 10 s, and blocks one header after 50 403s", async () => {
    let now = Date.parse("2026-03-02T10:00:00Z");
    const e = await start({
      now: () => now,
      serviceUsers: [
        { id: "SU", token: "good" },
        { id: "weak", token: "t", permissions: [] },
      ],
    });
    const bad = basicAuthHeader("SU", "bad");
    for (let i = 0; i < 60; i++) {
      expect((await call(e, bad, "GET", "/company/people/fields")).status).toBe(401);
      now += 250;
    }
    for (let i = 0; i < 50; i++)
      expect((await call(e, ["weak", "t"], "GET", "/bulk/people/work")).status).toBe(403);
    const after = await call(e, ["weak", "t"], "GET", "/company/people/fields");
    expect(after.status).toBe(403);
    expect(after.headers.get("content-type")).toContain("text/html");
    // A 403 block is per Authorization value: another credential on the same IP still works.
    expect((await call(e, ["SU", "good"], "GET", "/company/people/fields")).status).toBe(200);
  });
});

describe("rate limits", () => {
  it("sends X-RateLimit headers on every response and 429s past 50 searches a minute", async () => {
    let now = Date.parse("2026-03-02T10:00:05Z");
    const e = await start({ now: () => now });
    const user: [string, string] = ["emulator", "emulator-token"];
    const reset = String(Date.parse("2026-03-02T10:01:00Z") / 1000);
    for (let i = 1; i <= 50; i++) {
      const res = await call(e, user, "POST", "/people/search", { fields: ["root.id"] });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBe("50");
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(50 - i));
      expect(res.headers.get("x-ratelimit-reset")).toBe(reset);
    }
    const limited = await call(e, user, "POST", "/people/search", { fields: ["root.id"] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("x-ratelimit-reset")).toBe(reset);
    // Limits are per endpoint: another endpoint is unaffected, with its own headers.
    const fields = await call(e, user, "GET", "/company/people/fields");
    expect(fields.status).toBe(200);
    expect(fields.headers.get("x-ratelimit-remaining")).toBe("49");
    // Errors carry the headers too.
    const bad = await call(e, user, "GET", "/bulk/people/work?limit=500");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-ratelimit-limit")).toBe("100");
    now = Date.parse("2026-03-02T10:01:00Z");
    expect((await call(e, user, "POST", "/people/search", { fields: ["root.id"] })).status).toBe(200);
  });

  it("takes configured limits, and can be switched off (no 429s, no headers)", async () => {
    const e = await start({ rateLimits: { bulk: 2 } });
    const user: [string, string] = ["emulator", "emulator-token"];
    expect((await call(e, user, "GET", "/bulk/people/work")).headers.get("x-ratelimit-limit")).toBe("2");
    await call(e, user, "GET", "/bulk/people/work");
    expect((await call(e, user, "GET", "/bulk/people/work")).status).toBe(429);
    await fetch(`${e.adminUrl}/rate-limits`, { method: "PUT", body: JSON.stringify({ enabled: false }) });
    const res = await call(e, user, "GET", "/bulk/people/work");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBeNull();
  });
});
