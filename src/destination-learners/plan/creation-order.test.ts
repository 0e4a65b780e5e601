import { describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import { managersFirst } from "./creation-order.js";

const ids = (learners: readonly { external_id: string }[]) => learners.map((entry) => entry.external_id);
const reportsTo = (id: string, manager: string | null) => learner(id, { manager_external_id: manager });

describe("managersFirst", () => {
  it("puts every manager before its reports, down a whole chain, keeping the order otherwise", () => {
    const creates = [
      reportsTo("ic", "lead"),
      reportsTo("x", null),
      reportsTo("lead", "vp"),
      reportsTo("vp", "ceo"),
    ];
    expect(ids(managersFirst([...creates, reportsTo("ceo", null)]))).toEqual([
      "ceo",
      "vp",
      "lead",
      "ic",
      "x",
    ]);
  });

  it("leaves reports of managers outside the creates where they are", () => {
    const creates = [reportsTo("a", "held"), reportsTo("b", "a"), reportsTo("c", "held")];
    expect(ids(managersFirst(creates))).toEqual(["a", "b", "c"]);
  });

  it("breaks a loop where it was met, and places everyone once", () => {
    const creates = [reportsTo("a", "b"), reportsTo("b", "c"), reportsTo("c", "a"), reportsTo("d", "d")];
    const ordered = ids(managersFirst(creates));
    expect(ordered).toEqual(["c", "b", "a", "d"]);
  });

  it("is empty for no creates", () => {
    expect(managersFirst([])).toEqual([]);
  });
});
