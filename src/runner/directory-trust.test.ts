import { describe, expect, it } from "vitest";
import { directoryTrust } from "./directory-trust.js";

const PATH = "/srv/learners.db";
const mark = { id: "a1", generation: 5 };

describe("directoryTrust", () => {
  it("trusts the directory the last sync left, and one written since (a crash before it was recorded)", () => {
    expect(directoryTrust(PATH, mark, mark)).toEqual({ trusted: true });
    expect(directoryTrust(PATH, mark, { id: "a1", generation: 6 })).toEqual({ trusted: true });
  });

  it.each([
    { found: "gone" as const, remembered: mark, reason: "the learner directory /srv/learners.db is gone" },
    {
      found: null,
      remembered: mark,
      reason:
        "the learner directory /srv/learners.db carries no mark of a sync (an earlier version's, or not a directory)",
    },
    {
      found: { id: "b2", generation: 9 },
      remembered: mark,
      reason: "the learner directory /srv/learners.db was replaced by another one",
    },
    {
      found: { id: "a1", generation: 3 },
      remembered: mark,
      reason:
        "the learner directory /srv/learners.db is older than the last sync left it (write session 3 of 5: " +
        "restored from a backup?)",
    },
    {
      found: mark,
      remembered: undefined,
      reason: "no sync of this connection has recorded writing the learner directory /srv/learners.db",
    },
  ])("distrusts a state when $reason", ({ found, remembered, reason }) => {
    expect(directoryTrust(PATH, remembered, found)).toEqual({ trusted: false, reason });
  });
});
