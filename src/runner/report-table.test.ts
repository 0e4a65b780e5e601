import { describe, expect, it } from "vitest";
import { durationText, reportTable } from "./report-table.js";
import { changes, rejects, syncReport } from "../../test/fixtures/sync-report.js";

const failed = syncReport({
  status: "failed",
  failure: { origin: "source", stream: "employees", failure_type: "transient_error", message: "Bob is down" },
});

describe("reportTable", () => {
  it("heads with the connection, start and outcome, and formats counts with separators", () => {
    const table = reportTable(syncReport());
    expect(table.split("\n")[0]).toBe("Sync hibob-demo  2026-11-23T17:00:00Z  succeeded in 4.2 s");
    expect(table).toContain("created 1,480 · updated 12 · archived 5 · reactivated 1 · managers linked 470");
    expect(table).toContain("skipped by filters 7");
    expect(table).toContain("Rate-limit waits: 2 (31 s)");
    expect(table).toContain("State: .hibob-learners/hibob-demo/state.json (4 checkpoints saved)");
    expect(table).not.toContain("Failed:");
  });

  it("says how many rejects of earlier syncs were retried and resolved", () => {
    expect(reportTable(syncReport())).toContain("Rejects of earlier syncs: 4 retried, 2 resolved");
    expect(reportTable(syncReport({ retried_rejects: null }))).not.toContain("earlier syncs");
    expect(
      reportTable(syncReport({ retried_rejects: { retried: 0, resolved: 0, left_out: 0 } })),
    ).not.toContain("earlier syncs");
  });

  it("counts apart the rejects of employees left out", () => {
    const table = reportTable(syncReport({ retried_rejects: { retried: 4, resolved: 1, left_out: 2 } }));
    expect(table).toContain("Rejects of earlier syncs: 4 retried, 1 resolved, 2 left out (gone from Bob");
  });

  it("calls a dry run one, with what it would do and no saved state", () => {
    const table = reportTable(syncReport({ dry_run: true, retried_rejects: null }));
    expect(table.split("\n")[0]).toBe("Dry run hibob-demo  2026-11-23T17:00:00Z  succeeded in 4.2 s");
    expect(table).toContain("would create 1,480 · would update 12 · would archive 5 · would reactivate 1");
    expect(table).toContain("would reject 3");
    expect(table).toContain("skipped by filters 7");
    expect(table).not.toContain("created 1,480");
    expect(table).toContain("It would reject (3):");
    expect(table).toContain("Changes it would make: 3");
    expect(table).toContain("State: not saved: a dry run writes nothing");
  });

  it("aligns the stream rows under their headings", () => {
    const lines = reportTable(syncReport()).split("\n");
    const [head = "", first = "", second = ""] = lines.slice(1, 4);
    expect(head).toMatch(/^Stream +Mode +Read +Committed +Status$/);
    expect(first).toMatch(/^employees +incremental +1,512 +1,512 +complete$/);
    expect(second).toMatch(/^employment_history +full refresh +3 +0 +complete$/);
    for (const heading of ["Mode", "Read", "Committed", "Status"]) {
      const at = head.indexOf(heading);
      for (const row of [first, second]) {
        expect(row.charAt(at - 1)).toBe(" ");
        expect(row.charAt(at)).not.toBe(" ");
      }
    }
  });

  it("keeps every line within 100 columns, wrapping the learner counts", () => {
    const long = syncReport({ rejects: [{ employee_id: "1", email: null, reason: "x".repeat(300) }] });
    for (const line of reportTable(long).split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    expect(reportTable(long)).toContain("  employee 1: xxx");
  });

  it("lists the first changes and rejects, then one line for the rest", () => {
    const table = reportTable(
      syncReport({ changes: changes(200), changes_not_listed: 820, rejects: rejects(25) }),
      {
        maxChanges: 5,
      },
    );
    expect(table).toContain("Changes: 1,020 (first 200 listed in the HTML report)");
    expect(table).toContain('  update learner Person 1 <e1@example.com>: title: "Engineer" → "Lead 1"');
    expect(table).toContain("  update learner Person 5 <e5@example.com>");
    expect(table).not.toContain("<e6@example.com>");
    expect(table).toContain("  … and 195 more (see the report files)");
    expect(table).toContain("Rejected (25):\n  employee 900 <r0@example.com>: email is missing");
    expect(table).toContain("employee 919 <r19@example.com>");
    expect(table).not.toContain("employee 920 <r20@example.com>");
    expect(table).toContain("  … and 5 more (see the report files)");
  });

  it("says when nothing changed and leaves out empty rejects", () => {
    const table = reportTable(
      syncReport({ changes: [], rejects: [], rate_limit_waits: { count: 0, seconds: 0 } }),
    );
    expect(table).toContain("Changes: none");
    expect(table).toContain("Rate-limit waits: 0");
    expect(table).not.toContain("Rejected");
  });

  it("ends a failed run with where it failed and why", () => {
    const table = reportTable(failed);
    expect(table.split("\n")[0]).toContain("failed after 4.2 s");
    expect(table.trimEnd().split("\n").at(-1)).toBe(
      "Failed: source, stream employees, transient_error: Bob is down",
    );
  });

  it("keeps control characters of report strings away from the terminal", () => {
    const table = reportTable(
      syncReport({ rejects: [{ employee_id: "1", email: null, reason: "bad\n\u001b[31mred\u001b[0m" }] }),
    );
    expect(table).not.toContain("\u001b");
    expect(table).toContain("employee 1: bad [31mred [0m");
  });

  it("keeps bidi and invisible characters of report strings away from the terminal", () => {
    const table = reportTable(
      syncReport({
        rejects: [{ employee_id: "1", email: null, reason: "name \u202eevil\u2066 \u200bok\u2028end" }],
        changes: [
          {
            action: "update",
            employee_id: "2",
            email: null,
            name: "B\u202e",
            detail: 'first_name: "A" → "B\u202e"',
          },
        ],
      }),
    );
    expect(table).not.toMatch(/[\u202e\u2066\u200b\u2028]/);
    expect(table).toContain("employee 1: name evil ok end");
    expect(table).toContain('update learner "B\\u202E" (employee 2): first_name: "A" → "B"');
  });
});

describe("reportTable names people", () => {
  it("by name first, then the email, then what changed; by id and email when no name is known", () => {
    const table = reportTable(
      syncReport({
        changes: [
          { action: "create", employee_id: "1", email: "jane@acme.example", name: "Jane Doe", detail: "" },
          {
            action: "archive",
            employee_id: "2",
            email: "al@acme.example",
            name: "Al Lee",
            detail: "terminated",
          },
          {
            action: "update",
            employee_id: "3",
            email: "x@acme.example",
            name: null,
            detail: 'phone: null → "1"',
          },
        ],
        rejects: [
          { employee_id: "4", email: null, name: "Bo Diaz", reason: "email 'bo@' is not an address" },
          { employee_id: "5", email: "cy@acme.example", reason: "duplicate email" },
        ],
      }),
    );
    expect(table).toContain("\n  create learner Jane Doe <jane@acme.example>\n");
    expect(table).toContain("\n  archive learner Al Lee <al@acme.example>: terminated\n");
    expect(table).toContain('\n  update learner employee 3 <x@acme.example>: phone: null → "1"\n');
    expect(table).toContain("\n  Bo Diaz (employee 4): email 'bo@' is not an address\n");
    expect(table).toContain("\n  employee 5 <cy@acme.example>: duplicate email\n");
  });

  it("quotes a name that could pose as an address or hide something, spelling out what hides", () => {
    const names = ["Eve <boss@acme.example>", 'O\'Brien\n"Jr" > <Sr>', "Mal\u2028lory\u202e", " padded "];
    const table = reportTable(
      syncReport({
        changes: names.map((name, i) => ({
          action: "create" as const,
          employee_id: String(i),
          email: `p${i}@acme.example`,
          name,
          detail: "",
        })),
      }),
    );
    expect(table).toContain('create learner "Eve <boss@acme.example>" <p0@acme.example>');
    expect(table).toContain('create learner "O\'Brien\\u000A\\"Jr\\" > <Sr>" <p1@acme.example>');
    expect(table).toContain('create learner "Mal\\u2028lory\\u202E" <p2@acme.example>');
    expect(table).toContain('create learner " padded " <p3@acme.example>');
    expect(table).not.toMatch(/[\u2028\u202e]/);
  });
});

describe("reportTable's courses", () => {
  it("says how many learners each course was assigned to, one line per course", () => {
    const table = reportTable(
      syncReport({
        course_assignments: [
          { course: "Onboarding", trigger: "new_learner", learners: 128 },
          { course: "Leading people", trigger: "promoted_to_supervisor", learners: 1 },
        ],
      }),
    );
    expect(table).toContain(
      "Courses assigned (129):\n  Onboarding: 128 learners (new learner)\n" +
        "  Leading people: 1 learner (promoted to supervisor)\n",
    );
    expect(table).not.toContain("assign ");
    expect(
      reportTable(
        syncReport({
          dry_run: true,
          course_assignments: [{ course: "X", trigger: "every_learner", learners: 2 }],
        }),
      ),
    ).toContain("Courses it would assign (2):\n  X: 2 learners (every learner)");
    expect(reportTable(syncReport({ course_assignments: [] }))).not.toContain("Courses");
    expect(reportTable(syncReport())).not.toContain("Courses");
  });
});

describe("durationText", () => {
  it("reads well from seconds to hours", () => {
    expect(durationText(4.2)).toBe("4.2 s");
    expect(durationText(31)).toBe("31 s");
    expect(durationText(185)).toBe("3 min 5 s");
    expect(durationText(3720)).toBe("1 h 2 min");
    expect(durationText(Number.NaN)).toBe("an unknown time");
  });
});
