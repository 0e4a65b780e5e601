import { describe, expect, it } from "vitest";
import { drawFault, parseFaultSchedule } from "./faults.js";
import type { FaultSpec, FaultTarget } from "./faults.js";
import { seededFaultSchedule } from "./seeded-faults.js";

const post: FaultTarget = { method: "POST", path: "/Users" };
const get: FaultTarget = { method: "GET", path: "/Groups/1" };

function run(schedule: readonly FaultSpec[], targets: readonly FaultTarget[]): (string | undefined)[] {
  let remaining = schedule;
  return targets.map((target) => {
    const draw = drawFault(remaining, target);
    remaining = draw.schedule;
    return draw.fault?.kind;
  });
}

describe("drawFault", () => {
  it("passes everything through when the schedule is empty", () => {
    expect(run([], [post, get])).toEqual([undefined, undefined]);
  });

  it("reads the schedule as a timeline: after, then count hits, then the next entry", () => {
    const schedule: FaultSpec[] = [
      { kind: "500", count: 1, after: 2 },
      { kind: "reset", count: 2 },
    ];
    expect(run(schedule, [post, post, post, post, post, post])).toEqual([
      undefined,
      undefined,
      "500",
      "reset",
      "reset",
      undefined,
    ]);
  });

  it("only hits requests matching method and path; non-matching entries let later ones fire", () => {
    const schedule: FaultSpec[] = [
      { kind: "429", count: 2, method: "post", path: "/Users" },
      { kind: "503", count: 1, path: "/Groups" },
    ];
    expect(run(schedule, [get, post, get, post, post])).toEqual(["503", "429", undefined, "429", undefined]);
  });

  it("hands back the fault without its `after` and leaves the input untouched", () => {
    const schedule: FaultSpec[] = [{ kind: "slow", count: 2, delayMs: 5, after: 0 }];
    const draw = drawFault(schedule, post);
    expect(draw.fault).toEqual({ kind: "slow", count: 2, delayMs: 5 });
    expect(draw.schedule).toEqual([{ kind: "slow", count: 1, delayMs: 5 }]);
    expect(schedule).toEqual([{ kind: "slow", count: 2, delayMs: 5, after: 0 }]);
  });
});

describe("parseFaultSchedule", () => {
  it("accepts a bare list or {faults: [...]}", () => {
    const list = [{ kind: "truncate", count: 1, path: "/learners" }];
    expect(parseFaultSchedule(list)).toEqual(list);
    expect(parseFaultSchedule({ faults: list })).toEqual(list);
  });

  it.each([
    [[{ kind: "418", count: 1 }]],
    [[{ kind: "500", count: 0 }]],
    [[{ kind: "500", count: 1, pathh: "/Users" }]],
    [[{ kind: "500", count: 1, path: "Users" }]],
    [{ kind: "500", count: 1 }],
  ])("rejects %j", (input) => {
    expect(() => parseFaultSchedule(input)).toThrow(/invalid fault schedule/);
  });
});

describe("seededFaultSchedule", () => {
  it("is reproducible per seed and varies across seeds", () => {
    const options = { entries: 12, kinds: ["429", "500", "reset", "slow"] as const, maxBurst: 4 };
    const first = seededFaultSchedule({ seed: 7, ...options });
    expect(seededFaultSchedule({ seed: 7, ...options })).toEqual(first);
    expect(seededFaultSchedule({ seed: 8, ...options })).not.toEqual(first);
    expect(first).toHaveLength(12);
    expect(parseFaultSchedule(first)).toEqual(first);
    for (const fault of first) {
      expect(fault.count).toBeGreaterThanOrEqual(1);
      expect(fault.count).toBeLessThanOrEqual(4);
      if (fault.kind === "slow") expect(fault.delayMs).toBe(200);
    }
  });
});
