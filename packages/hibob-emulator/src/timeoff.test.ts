import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthHeader, type HibobEmulator, startHibobEmulator } from "./index.js";
import { changeTimeOffRequest } from "./timeoff-events.js";

const TODAY = "2026-03-15";
const NOW = Date.parse(`${TODAY}T15:00:00Z`);
const DAY_MS = 86_400_000;

let emulator: HibobEmulator;
beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 150,
    seed: 11,
    today: TODAY,
    rateLimits: false,
    firewall: false,
    now: () => NOW,
    serviceUsers: [{ id: "emulator", token: "emulator-token", scope: { terminated: true } }],
  });
});
afterAll(() => emulator.close());

interface Change {
  requestId: number;
  changeType: string;
  createdOn: string;
}

async function changes(since: string, to: string): Promise<Change[]> {
  const url = `${emulator.baseUrl}/timeoff/requests/changes?since=${since}&to=${to}`;
  const res = await fetch(url, { headers: { Authorization: basicAuthHeader("emulator", "emulator-token") } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { changes: Change[] }).changes;
}

/** A request created at least `days` ago whose only change so far is its creation. */
function requestCreatedDaysAgo(days: number): number {
  const before = NOW - days * DAY_MS;
  const counts = new Map<number, number>();
  for (const c of emulator.company.timeOff) counts.set(c.requestId, (counts.get(c.requestId) ?? 0) + 1);
  const found = emulator.company.timeOff.find(
    (c) =>
      c.changeType === "Created" &&
      c.changedAtMs > before - 60 * DAY_MS &&
      c.changedAtMs < before &&
      counts.get(c.requestId) === 1,
  );
  if (found === undefined) throw new Error(`no request created ${String(days)} days ago`);
  return found.requestId;
}

describe("time-off changes: the window is on when the change happened", () => {
  it("a cancellation today of a request created weeks ago keeps its createdOn and is in today's window only", async () => {
    const requestId = requestCreatedDaysAgo(21);
    const created = (await changes("2025-09-16T00:00:00Z", `${TODAY}T00:00:00Z`)).find(
      (c) => c.requestId === requestId,
    );
    expect(created?.changeType).toBe("Created");

    expect(changeTimeOffRequest(emulator.company, requestId, "Canceled", NOW - 3_600_000)).toMatchObject({
      requestId,
      changeType: "Canceled",
      changedAtMs: NOW - 3_600_000,
    });
    const today = await changes(`${TODAY}T00:00:00Z`, `${TODAY}T23:59:59Z`);
    const canceled = today.find((c) => c.requestId === requestId);
    expect(canceled).toMatchObject({ changeType: "Canceled", createdOn: created?.createdOn });
    expect(String(canceled?.createdOn) < "2026-02-23").toBe(true);
    // A window around the creation still holds only the creation.
    const then = await changes("2025-09-16T00:00:00Z", `${TODAY}T00:00:00Z`);
    expect(then.filter((c) => c.requestId === requestId).map((c) => c.changeType)).toEqual(["Created"]);
    // A canceled request cannot be canceled again.
    expect(changeTimeOffRequest(emulator.company, requestId, "Deleted", NOW)).toBeUndefined();
  });

  it("the admin API cancels or deletes a request now, keeping createdOn", async () => {
    const requestId = requestCreatedDaysAgo(30);
    const res = await fetch(`${emulator.adminUrl}/time-off/${String(requestId)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ changeType: "Deleted" }),
    });
    expect(res.status).toBe(201);
    const deleted = (await res.json()) as Change;
    expect(deleted).toMatchObject({ requestId, changeType: "Deleted" });
    expect(deleted.createdOn < "2026-02-14").toBe(true);
    const today = await changes(`${TODAY}T00:00:00Z`, `${TODAY}T23:59:59Z`);
    expect(today).toContainEqual(expect.objectContaining({ requestId, changeType: "Deleted" }));
  });

  it("days passing cancel or delete requests made on earlier days, each with its old createdOn", () => {
    const day = emulator.passDays({ timeOffRequests: 20, timeOffCancellations: 5, updates: 0, hires: 0 });
    const dayStart = Date.parse(`${day.today}T00:00:00Z`);
    const later = emulator.company.timeOff.filter(
      (c) => c.changedAtMs >= dayStart && (c.changeType === "Canceled" || c.changeType === "Deleted"),
    );
    expect(later.length).toBeGreaterThanOrEqual(5);
    for (const c of later.slice(0, 5)) expect(c.createdOnMs).toBeLessThan(dayStart);
    const order = emulator.company.timeOff.map((c) => c.changedAtMs);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
