import { describe, expect, it } from "vitest";
import { syncReport } from "../../test/fixtures/sync-report.js";
import { NO_COUNTS } from "../learner-events/index.js";
import type { DemoDay } from "./demo-story.js";
import { dayText, firstSyncStory, nextSyncStory } from "./demo-story.js";
import type { LearnerChangeEntry } from "./sync-report.js";

const TODAY = "2026-12-04";

const day = (overrides: Partial<DemoDay> = {}): DemoDay => ({
  today: TODAY,
  hired: ["h1", "h2"],
  changed: [
    { id: "c1", promoted: true },
    { id: "c2", promoted: false },
  ],
  terminated: [
    { id: "t1", date: TODAY },
    { id: "t2", date: "2026-12-15" },
    { id: "t3", date: "2026-12-28" },
  ],
  rehired: [{ id: "r1", start: "2026-12-20" }],
  emailChanged: ["e1"],
  ...overrides,
});

const change = (
  action: LearnerChangeEntry["action"],
  id: string,
  fields: readonly string[] = [],
): LearnerChangeEntry => ({
  action,
  employee_id: id,
  email: `${id}@acme.example`,
  name: id,
  detail: "",
  ...(action === "update"
    ? {
        change: {
          action,
          employee_id: id,
          email: `${id}@acme.example`,
          fields: fields.map((field) => ({ field, from: "a", to: "b" })),
        },
      }
    : {}),
});

describe("dayText", () => {
  it("tells the day as Bob had it: terminations effective today apart from scheduled ones", () => {
    expect(dayText(day())).toBe(
      "2 hires, 2 people changed (title, department, manager, site or phone; 1 promoted to manager), " +
        "3 terminations (1 effective today, 2 scheduled), 1 rehire (starting 2026-12-20), 1 email change",
    );
  });

  it("counts in the singular, says 'today' for what starts today, and leaves out what did not happen", () => {
    expect(
      dayText(
        day({
          hired: ["h1"],
          changed: [],
          terminated: [{ id: "t1", date: "2026-12-01" }],
          rehired: [
            { id: "r1", start: TODAY },
            { id: "r2", start: "2027-01-02" },
          ],
          emailChanged: [],
        }),
      ),
    ).toBe("1 hire, 1 termination (1 effective today, 0 scheduled), 2 rehires (starting today, 2027-01-02)");
    expect(dayText(day({ hired: [], changed: [], terminated: [], rehired: [], emailChanged: [] }))).toBe(
      "nothing changed",
    );
  });
});

describe("firstSyncStory", () => {
  it("says what the first sync did, from its counts and courses", () => {
    const report = syncReport({
      learners: { ...NO_COUNTS, created: 458, leavers_not_created: 42, assigned: 458 },
      course_assignments: [{ course: "Security basics", trigger: "new_learner", learners: 458 }],
    });
    expect(firstSyncStory(report)).toEqual([
      "The first sync created 458 learners and gave none to 42 leavers.",
      "Courses assigned: Security basics to 458 learners (new learner).",
    ]);
    const rejected = syncReport({
      learners: { ...NO_COUNTS, created: 1, leavers_not_created: 1, rejected: 2 },
    });
    expect(firstSyncStory(rejected)).toEqual([
      "The first sync created 1 learner and gave none to 1 leaver; it rejected 2 employees (see the report).",
    ]);
  });
});

describe("nextSyncStory", () => {
  const changes = [
    change("create", "h1"),
    change("create", "h2"),
    change("create", "r1"),
    change("update", "c1", ["role"]),
    change("update", "c2", ["title"]),
    change("update", "e1", ["email"]),
    change("update", "o1", ["manager_email"]),
    change("update", "o2", ["manager_external_id", "manager_email"]),
    change("archive", "t1"),
  ];

  it("tells what the sync did with each change of the day, counted from its report", () => {
    const report = syncReport({
      changes,
      changes_not_listed: 0,
      course_assignments: [
        { course: "Security basics", trigger: "new_learner", learners: 3 },
        { course: "Leading people", trigger: "promoted_to_supervisor", learners: 1 },
      ],
    });
    expect(nextSyncStory(day(), report)).toEqual([
      "2 hires: 2 learners created",
      "1 rehire: 1 learner created",
      "3 terminations: 1 effective today, 1 learner archived; 2 scheduled (2026-12-15, 2026-12-28), " +
        "2 kept active until then",
      "2 people changed: 2 learners updated",
      "1 email change: 1 learner kept (same employee id), the email updated",
      "2 other learners updated because their manager or their reports changed: manager_email, " +
        "manager_external_id",
      "Courses assigned: Security basics to 3 learners (new learner), Leading people to 1 learner " +
        "(promoted to supervisor)",
    ]);
  });

  it("says what did not happen as it did not: a termination effective today left active, one archived early", () => {
    const report = syncReport({ changes: [change("archive", "t2")], changes_not_listed: 0 });
    const story = nextSyncStory(day({ hired: [], changed: [], rehired: [], emailChanged: [] }), report);
    expect(story).toEqual([
      "3 terminations: 1 effective today, 0 learners archived; 2 scheduled (2026-12-15, 2026-12-28), " +
        "1 kept active until then",
    ]);
  });

  it("tells a rehire's learner reactivated, and other learners' updates by their fields", () => {
    const report = syncReport({
      changes: [change("reactivate", "r1"), change("update", "o1", ["title", "manager_email"])],
      changes_not_listed: 0,
    });
    const story = nextSyncStory(day({ hired: [], changed: [], terminated: [], emailChanged: [] }), report);
    expect(story).toEqual([
      "1 rehire: 1 learner reactivated",
      "1 other learner updated with them: title, manager_email",
    ]);
    expect(
      nextSyncStory(
        day({ hired: [], changed: [], terminated: [], emailChanged: [] }),
        syncReport({ changes: [] }),
      ),
    ).toEqual(["1 rehire: no learner written"]);
  });

  it("says when the report lists only some of the changes it counted", () => {
    const report = syncReport({ changes, changes_not_listed: 12 });
    expect(nextSyncStory(day(), report).at(-1)).toBe(
      "(Counted from the 9 changes the report lists; 12 more are counted only.)",
    );
  });
});
