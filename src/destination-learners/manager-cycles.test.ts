import { describe, expect, it } from "vitest";
import { learner } from "../../test/fixtures/learner.js";
import type { HeldLink } from "./manager-cycles.js";
import { orgChart, placeManagers } from "./manager-cycles.js";

/** A learner reporting to `manager` (null: nobody), with the manager's name and email as Bob gives them. */
const reporting = (id: string, manager: string | null) =>
  learner(id, {
    manager_external_id: manager,
    manager_name: manager === null ? null : `P ${manager}`,
    manager_email: manager === null ? null : `p${manager}@acme.test`,
  });

const held = (id: string, manager: string | null): HeldLink => ({
  external_id: id,
  manager_external_id: manager,
  email: `p${id}@acme.test`,
});

/** A directory answering lookups from `links`, counting the ids it is asked for. */
function directory(links: readonly HeldLink[] = []) {
  const asked: string[][] = [];
  return {
    asked,
    lookup: (ids: readonly string[]) => {
      asked.push([...ids]);
      const wanted = new Set(ids);
      return Promise.resolve(links.filter((link) => wanted.has(link.external_id)));
    },
  };
}

const managersOf = (placed: {
  learners: readonly { external_id: string; manager_external_id: string | null }[];
}) => Object.fromEntries(placed.learners.map((entry) => [entry.external_id, entry.manager_external_id]));

describe("placeManagers", () => {
  it.each([
    ["no manager", [["1", null]], { 1: null }, []],
    [
      "a chain",
      [
        ["1", null],
        ["2", "1"],
        ["3", "2"],
      ],
      { 1: null, 2: "1", 3: "2" },
      [],
    ],
    ["a self-manager", [["1", "1"]], { 1: null }, ["1"]],
    [
      "a loop of two new links: the first one is left out",
      [
        ["1", "2"],
        ["2", "1"],
      ],
      { 1: null, 2: "1" },
      ["1"],
    ],
    [
      "a loop of three beside a report of it",
      [
        ["1", "2"],
        ["2", "3"],
        ["4", "1"],
        ["3", "1"],
      ],
      { 1: null, 2: "3", 3: "1", 4: "1" },
      ["1"],
    ],
  ] as const)("%s", async (_name, links, managers, leftOut) => {
    const placed = await placeManagers(
      orgChart(),
      links.map(([id, manager]) => reporting(id, manager)),
      directory().lookup,
    );
    expect(managersOf(placed)).toEqual(managers);
    expect(placed.warnings.map((entry) => entry.external_id)).toEqual(leftOut);
  });

  it("leaves out the manager's name and email with the link, and names everyone in the loop", async () => {
    const placed = await placeManagers(
      orgChart(),
      [reporting("1", "2"), reporting("2", "1")],
      directory().lookup,
    );
    expect(placed.learners[0]).toMatchObject({
      manager_external_id: null,
      manager_name: null,
      manager_email: null,
    });
    expect(placed.warnings).toEqual([
      {
        external_id: "1",
        email: "p1@acme.test",
        message:
          "Bob's reporting lines loop (employee 1 <p1@acme.test> → employee 2 <p2@acme.test> → " +
          "employee 1 <p1@acme.test>); the learner is written without a manager. Fix Reports to in Bob.",
      },
    ]);
    const self = await placeManagers(orgChart(), [reporting("3", "3")], directory().lookup);
    expect(self.warnings[0]?.message).toBe(
      "Bob names them as their own manager; the learner is written without a manager. Fix Reports to in Bob.",
    );
  });

  it("follows the links the directory holds, asking for each level once", async () => {
    const target = directory([held("1", "2"), held("2", "3"), held("3", null)]);
    const placed = await placeManagers(orgChart(), [reporting("3", "1")], target.lookup);
    expect(managersOf(placed)).toEqual({ 3: null });
    expect(target.asked).toEqual([["3", "1"], ["2"]]);
  });

  it("takes two people who swap places (A managed B, now B manages A) for no loop", async () => {
    const target = directory([held("1", "2"), held("2", null)]);
    const placed = await placeManagers(
      orgChart(),
      [reporting("2", "1"), reporting("1", null)],
      target.lookup,
    );
    expect(managersOf(placed)).toEqual({ 2: "1", 1: null });
    expect(placed.warnings).toEqual([]);
    // Only the one who moved arrives (an incremental sync): the held link still stands, so the loop is real.
    const alone = await placeManagers(orgChart(), [reporting("2", "1")], target.lookup);
    expect(managersOf(alone)).toEqual({ 2: null });
    expect(alone.warnings.map((entry) => entry.external_id)).toEqual(["2"]);
  });

  it("remembers across batches what earlier batches placed, without asking again", async () => {
    const chart = orgChart();
    const target = directory();
    await placeManagers(chart, [reporting("1", "2")], target.lookup);
    const second = await placeManagers(chart, [reporting("2", "1")], target.lookup);
    expect(managersOf(second)).toEqual({ 2: null });
    expect(target.asked).toEqual([["1", "2"]]);
  });

  it("keeps the links the directory holds and leaves out the new one, so each sync leaves out the same", async () => {
    const target = directory([held("1", "2"), held("2", "3"), held("3", null)]);
    const placed = await placeManagers(
      orgChart(),
      [reporting("1", "2"), reporting("2", "3"), reporting("3", "1")],
      target.lookup,
    );
    expect(managersOf(placed)).toEqual({ 1: "2", 2: "3", 3: null });
    expect(placed.warnings.map((entry) => entry.external_id)).toEqual(["3"]);
  });

  it("ends on a loop the directory holds among other learners, leaving the learner's link alone", async () => {
    const target = directory([held("7", "8"), held("8", "7")]);
    const placed = await placeManagers(orgChart(), [reporting("9", "7")], target.lookup);
    expect(managersOf(placed)).toEqual({ 9: "7" });
    expect(placed.warnings).toEqual([]);
  });

  it("places a 100,000-deep chain in linear time, whichever way it arrives", async () => {
    const chain = Array.from({ length: 100_000 }, (_, index) =>
      reporting(String(index), index === 0 ? null : String(index - 1)),
    );
    for (const order of [chain, [...chain].reverse()]) {
      const chart = orgChart();
      const first = await placeManagers(chart, order, directory().lookup);
      expect(first.warnings).toEqual([]);
      // A second pass over the same links (tomorrow's full refresh) walks nothing again.
      const again = await placeManagers(chart, order, directory().lookup);
      expect(again.warnings).toEqual([]);
    }
    // A loop closed at the very top of it is still found.
    const chart = orgChart();
    await placeManagers(chart, chain, directory().lookup);
    const closing = await placeManagers(chart, [reporting("0", "99999")], directory().lookup);
    expect(managersOf(closing)).toEqual({ 0: null });
  }, 20_000);
});
