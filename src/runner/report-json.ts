import { countLabels, runTitle } from "./learner-counts.js";
import type { SyncReport } from "./sync-report.js";

/**
 * The report as its JSON file holds it: the report itself, led by the title and the labelled counts a person
 * reads first ("Dry run …", "would create": 128), so a dry run's file says what it is without knowing the keys.
 */
export function reportJson(report: SyncReport): string {
  const document = {
    title: `${runTitle(report.dry_run)} ${report.connection} ${report.run_id}`,
    counts: Object.fromEntries(
      countLabels(report.dry_run).map(([key, label]) => [label, report.learners[key]]),
    ),
    ...report,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
