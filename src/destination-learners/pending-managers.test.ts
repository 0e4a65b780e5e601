import { describe, expect, it } from "vitest";
import { pendingManagers } from "./pending-managers.js";

describe("pendingManagers", () => {
  it("links a report once its manager arrives in a later batch, once", () => {
    const pending = pendingManagers();
    pending.note(
      [
        { external_id: "r1", manager_external_id: "m" },
        { external_id: "r2", manager_external_id: "held" },
        { external_id: "r3", manager_external_id: null },
      ],
      new Set(["r1", "r2", "r3", "held"]),
    );
    expect(pending.due(new Set(["x"]))).toEqual([]);
    expect(pending.due(new Set(["m"]))).toEqual([{ external_id: "r1", manager_external_id: "m" }]);
    expect(pending.due(new Set(["m"]))).toEqual([]);
  });

  it("stops waiting for a report that comes again, since its own plan links it", () => {
    const pending = pendingManagers();
    pending.note([{ external_id: "r", manager_external_id: "m" }], new Set(["r"]));
    expect(pending.due(new Set(["r"]))).toEqual([]);
    expect(pending.due(new Set(["m"]))).toEqual([]);
  });
});
