import { describe, expect, it } from "vitest";
import type { EmployeeOutcome, OpenReject } from "./open-rejects.js";
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

const NOBODY = new Map<string, EmployeeOutcome>();

describe("settleRejects", () => {
  it("opens the rejects of a first sync, with nothing retried", () => {
    expect(settleRejects([], [reject("1")], NOBODY, MONDAY)).toEqual({
      open: [open("1")],
      retried: { retried: 0, resolved: 0, left_out: 0 },
    });
  });

  it("counts a reject the next sync wrote as resolved, and keeps the others since they began", () => {
    const { open: still, retried } = settleRejects(
      [open("1"), open("2")],
      [reject("2", "email 2@acme.test belongs to another learner in the target"), reject("3")],
      new Map([["1", "written"]]),
      TUESDAY,
    );
    expect(retried).toEqual({ retried: 2, resolved: 1, left_out: 0 });
    expect(still).toEqual([
      open("2", { reason: "email 2@acme.test belongs to another learner in the target", syncs: 2 }),
      open("3", { since: TUESDAY }),
    ]);
  });

  it("follows only rejects with an employee id, once each", () => {
    const { open: still } = settleRejects(
      [],
      [reject(null), reject("1"), reject("1", "again")],
      NOBODY,
      MONDAY,
    );
    expect(still).toEqual([open("1")]);
  });

  it("resolves only the employees written, archived or found as Bob has them", () => {
    const outcomes = new Map<string, EmployeeOutcome>([
      ["1", "written"],
      ["2", "archived"],
      ["3", "unchanged"],
    ]);
    expect(settleRejects([open("1"), open("2"), open("3")], [], outcomes, TUESDAY)).toEqual({
      open: [],
      retried: { retried: 3, resolved: 3, left_out: 0 },
    });
  });

  it("counts apart, and closes, the rejects of employees no longer read or left out by a filter", () => {
    const outcomes = new Map<string, EmployeeOutcome>([
      ["1", "written"],
      ["2", "skipped"],
    ]);
    expect(settleRejects([open("1"), open("2"), open("3")], [], outcomes, TUESDAY)).toEqual({
      open: [],
      retried: { retried: 3, resolved: 1, left_out: 2 },
    });
  });
});
