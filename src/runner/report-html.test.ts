import { describe, expect, it } from "vitest";
import { rejects, syncReport as sharedReport } from "../../test/fixtures/sync-report.js";
import { COUNT_LABELS } from "../learner-events/index.js";
import { escapeHtml, reportHtml } from "./report-html.js";
import type { SyncReport } from "./sync-report.js";

/** The shared report, with values that need escaping and one stream. */
function syncReport(overrides: Partial<SyncReport> = {}): SyncReport {
  const base = sharedReport();
  return sharedReport({
    streams: base.streams.slice(0, 1),
    learners: { ...base.learners, rejected: 2 },
    changes: [
      { action: "create", employee_id: "12", email: "b@x.com", name: "Bea <b@evil.example>", detail: "" },
      {
        action: "update",
        employee_id: "13",
        email: "c@x.com",
        name: "Cy Lee",
        detail: 'title: "Engineer" → "Lead"',
      },
    ],
    rejects: [
      {
        employee_id: "123",
        email: "tom&jerry@x.com",
        name: "Tom\u202e & Jerry",
        reason: "<script>alert(1)</script>",
      },
      { employee_id: null, email: null, reason: "no id and no email" },
    ],
    warnings: ["Field 'work.title' is not visible to the service user"],
    learner_directory: null,
    ...overrides,
  });
}

const failed = syncReport({
  status: "failed",
  failure: { origin: "destination", stream: null, failure_type: "config_error", message: "Token <expired>" },
});

const count = (html: string, text: string): number => html.split(text).length - 1;
const rows = (html: string): number => count(html, "<tr>");

describe("escapeHtml", () => {
  it("escapes the five characters that can break out of text or attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});

describe("reportHtml", () => {
  it("is one self-contained HTML5 page titled with the connection and run", () => {
    const html = reportHtml(syncReport());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain("<title>hibob-learners sync hibob-demo 2026-11-23T17-00-00-000Z</title>");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link|<img|@import|url\(/i);
    expect(html).toContain('<span class="badge succeeded">succeeded</span>');
  });

  it("titles a dry run as one and labels its counts as what a real run would do", () => {
    const html = reportHtml(syncReport({ dry_run: true, retried_rejects: null }));
    expect(html).toContain("<title>hibob-learners dry run hibob-demo 2026-11-23T17-00-00-000Z</title>");
    expect(html).toContain("<h1>Dry run hibob-demo ");
    expect(html).toContain("<td>would create</td>");
    expect(html).toContain("<td>would archive</td>");
    expect(html).not.toContain("<td>created</td>");
    expect(html).toContain("not saved: a dry run writes nothing");
  });

  it("says what became of the rejects of earlier syncs", () => {
    expect(reportHtml(syncReport())).toContain(
      "<dt>Rejects of earlier syncs</dt><dd>4 retried, 2 resolved</dd>",
    );
    const html = reportHtml(syncReport({ retried_rejects: { retried: 4, resolved: 1, left_out: 3 } }));
    expect(html).toContain("<dd>4 retried, 1 resolved, 3 left out (gone from Bob, outside the filters");
  });

  it("escapes report strings", () => {
    const html = reportHtml(syncReport());
    expect(html).toContain("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>");
    expect(html).toContain("<td>tom&amp;jerry@x.com</td>");
    expect(html).toContain("&quot;Engineer&quot; → &quot;Lead&quot;");
    expect(html).toContain("Field &#39;work.title&#39; is not visible");
  });

  it("lists every reject", () => {
    const html = reportHtml(syncReport({ rejects: rejects(50), changes: [], streams: [] }));
    // Learner counts: a heading row and one per count; rejects: a heading row and 50 rows.
    expect(rows(html)).toBe(1 + COUNT_LABELS.length + 51);
    expect(html).toContain("<h2>Rejected (50)</h2>");
    expect(html).toContain("<td>—</td><td>r49@example.com</td><td>email is missing</td><td>949</td>");
  });

  it("lists every change it was given and counts the ones not listed", () => {
    const html = reportHtml(syncReport({ changes_not_listed: 1018 }));
    expect(html).toContain("<h2>Changes (1,020)</h2>");
    expect(html).toContain(
      "<td>update</td><td>Cy Lee</td><td>c@x.com</td><td>title: &quot;Engineer&quot; → &quot;Lead&quot;</td><td>13</td>",
    );
    expect(html).toContain("1,018 more changes not listed.");
    expect(reportHtml(syncReport())).not.toContain("not listed");
  });

  it("names people first, quoting a name that could pose as an address or hide something", () => {
    const html = reportHtml(syncReport());
    expect(html).toContain(
      "<th>Action</th><th>Learner</th><th>Email</th><th>Detail</th><th>Employee id</th>",
    );
    expect(html).toContain("<td>create</td><td>&quot;Bea &lt;b@evil.example&gt;&quot;</td><td>b@x.com</td>");
    expect(html).toContain("<td>&quot;Tom\\u202E &amp; Jerry&quot;</td><td>tom&amp;jerry@x.com</td>");
    expect(html).not.toContain("\u202e");
  });

  it("gives one row per course, however many learners it was assigned to", () => {
    const html = reportHtml(
      syncReport({
        course_assignments: [
          { course: "Onboarding <1>", trigger: "new_learner", learners: 1280 },
          { course: "Leading people", trigger: "promoted_to_supervisor", learners: 2 },
        ],
      }),
    );
    expect(html).toContain("<h2>Courses assigned (1,282)</h2>");
    expect(html).toContain('<td>Onboarding &lt;1&gt;</td><td>new learner</td><td class="num">1,280</td>');
    expect(html).toContain('<td>Leading people</td><td>promoted to supervisor</td><td class="num">2</td>');
    expect(reportHtml(syncReport({ dry_run: true }))).toContain("<h2>Courses it would assign (0)</h2>");
  });

  it("shows the failure box only when the sync failed", () => {
    expect(reportHtml(syncReport())).not.toContain('class="failure"');
    const html = reportHtml(failed);
    expect(html).toContain('<section class="failure">');
    expect(html).toContain("<dd>destination</dd>");
    expect(html).toContain("<dd>config_error</dd>");
    expect(html).toContain("<dd>Token &lt;expired&gt;</dd>");
    expect(html).toContain('<span class="badge failed">failed</span>');
  });

  it("says None for empty sections", () => {
    const html = reportHtml(
      syncReport({
        streams: [],
        changes: [],
        rejects: [],
        warnings: [],
        rate_limit_waits: { count: 0, seconds: 0 },
      }),
    );
    expect(count(html, '<p class="none">None</p>')).toBe(6);
    expect(html).toContain("<dd>None</dd>");
  });

  it("closes every element it opens", () => {
    for (const html of [reportHtml(syncReport({ rejects: rejects(50) })), reportHtml(failed)]) {
      for (const tag of ["table", "thead", "tbody", "tr", "section", "dl", "ul", "header", "body", "html"]) {
        expect(count(html, `</${tag}>`), tag).toBe(html.match(new RegExp(`<${tag}[ >]`, "g"))?.length ?? 0);
      }
      expect(count(html, "<table>")).toBeGreaterThan(0);
    }
  });
});
