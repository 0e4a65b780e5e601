import { describe, expect, it } from "vitest";
import type { OpenReject } from "./open-rejects.js";
import { settleRejects } from "./open-rejects.js";

const MONDAY = "2026-11-23T06:00:00.000Z";
const TUESDAY = "2026-11-24T06:00:00.000Z";

const open = (id: string, overrides: Partial<OpenReject> = {}): OpenReject => ({
  employee_id: id,
  email: `${id}@acme.test`,
  reason: "duplicate email",
  since: MONDAY,
  syncs: 1,
  ...overrides,
});

const reject = (id: string | null, reason = "duplicate email") => ({
  employee_id: id,
  email: id === null ? null : `${id}@acme.test`,
  reason,
});

describe("settleRejects", () => {
  it("opens the rejects of a first sync, with nothing retried", () => {
    expect(settleRejects([], [reject("1")], MONDAY)).toEqual({
      open: [open("1")],
      retried: { retried: 0, resolved: 0 },
    });
  });

  it("counts a reject the next sync did not repeat as resolved, and keeps the others since they began", () => {
    const { open: still, retried } = settleRejects(
      [open("1"), open("2")],
      [reject("2", "email 2@acme.test belongs to another learner in the target"), reject("3")],
      TUESDAY,
    );
    expect(retried).toEqual({ retried: 2, resolved: 1 });
    expect(still).toEqual([
      open("2", { reason: "email 2@acme.test belongs to another learner in the target", syncs: 2 }),
      open("3", { since: TUESDAY }),
    ]);
  });

  it("follows only rejects with an employee id, once each", () => {
    const { open: still } = settleRejects([], [reject(null), reject("1"), reject("1", "again")], MONDAY);
    expect(still).toEqual([open("1")]);
  });

  it("resolves everything when a sync rejects nobody", () => {
    expect(settleRejects([open("1"), open("2")], [], TUESDAY)).toEqual({
      open: [],
      retried: { retried: 2, resolved: 2 },
    });
  });
});
