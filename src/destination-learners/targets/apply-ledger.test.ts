import { describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import { EMPTY_PLAN } from "../plan/index.js";
import { ApplyLedger } from "./apply-ledger.js";

describe("ApplyLedger", () => {
  it("keeps the plan's rejects first, and tells a learner's own failure from a refused part", () => {
    const ledger = new ApplyLedger({
      ...EMPTY_PLAN,
      rejects: [{ external_id: "0", email: "p0@acme.test", reason: "taken" }],
    });
    ledger.count("created");
    ledger.rejectLearner(learner("1"), "SCIM 400: bad", null);
    ledger.rejectPart({ external_id: "2", email: null }, "manager: SCIM 500: boom", null);
    expect(ledger.failed("1")).toBe(true);
    expect(ledger.failed("2")).toBe(false);
    expect(ledger.result(3)).toMatchObject({
      created: 1,
      notified: 3,
      rejects: [{ external_id: "0" }, { external_id: "1" }, { external_id: "2" }],
      not_written: ["0", "1"],
    });
  });

  it("stops at a phase that throws, and says what was written before it", async () => {
    const ledger = new ApplyLedger({ ...EMPTY_PLAN, creates: [learner("1"), learner("2")] });
    const ran: string[] = [];
    await ledger.run([
      () => {
        ran.push("archives");
        ledger.count("archived");
      },
      () => Promise.reject(new Error("the SCIM server is unusable")),
      () => {
        ran.push("creates");
      },
    ]);
    expect(ran).toEqual(["archives"]);
    const result = ledger.result();
    expect(result.archived).toBe(1);
    expect(result.interrupted?.message).toBe("the SCIM server is unusable");
    // The creates never ran: not written, so no report lists them as created.
    expect(result.not_written).toEqual(["1", "2"]);
  });
});
