import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { LearnerCounts } from "../learner-events/index.js";
import type { ConnectionFolder } from "../runner/state-store.js";
import { readHistory, readOpenRejects } from "../runner/state-store.js";
import type { OpenReject } from "../runner/open-rejects.js";
import type { TimelinePoint } from "./api-types.js";

/** One line of runs.jsonl as `runSync` writes it; a line that does not read as one is left out. */
export const HistoryEntry = z.looseObject({
  run_id: z.string().regex(/^[A-Za-z0-9-]+$/),
  started_at: z.string(),
  ended_at: z.string(),
  status: z.enum(["succeeded", "failed"]),
  dry_run: z.boolean().default(false),
  failure: z.looseObject({ message: z.string() }).nullable().default(null),
  records_read: z.number().default(0),
  learners: LearnerCounts,
  rejects: z.number().default(0),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/**
 * Active and archived learners after each real run, from the runs' own counts: a learner is active once created
 * or reactivated and until archived. Exact for a connection whose history starts with its first sync (a target
 * that held learners before counts from there); previews change nothing and are left out.
 */
export function timeline(entries: readonly HistoryEntry[]): TimelinePoint[] {
  let active = 0;
  let archived = 0;
  return entries
    .filter((entry) => !entry.dry_run)
    .map((entry) => {
      const { created, updated, archived: archivedNow, reactivated } = entry.learners;
      active = Math.max(0, active + created + reactivated - archivedNow);
      archived = Math.max(0, archived + archivedNow - reactivated);
      return {
        run_id: entry.run_id,
        at: entry.started_at,
        active,
        archived,
        changes: created + updated + archivedNow + reactivated,
      };
    });
}

/** The runs of runs.jsonl, and what to say of lines that are none (a crash cut one short, an edit broke one). */
export async function readRuns(
  folder: ConnectionFolder,
): Promise<{ readonly runs: HistoryEntry[]; readonly damaged: string | null }> {
  const { entries, damagedLines } = await readHistory(folder);
  const runs = entries.flatMap((line) => {
    const entry = HistoryEntry.safeParse(line);
    return entry.success ? [entry.data] : [];
  });
  return { runs, damaged: damagedNotice(folder.historyFile, damagedLines) };
}

/** Damaged lines named one by one; past these, counted. */
const NAMED_LINES = 10;

/** Names the file and its damaged lines, and what to do: nothing is lost but those runs' rows in the history. */
export function damagedNotice(file: string, lines: readonly number[]): string | null {
  if (lines.length === 0) return null;
  const named = lines.slice(0, NAMED_LINES).join(", ");
  const more = lines.length > NAMED_LINES ? ` and ${lines.length - NAMED_LINES} more` : "";
  const which = lines.length === 1 ? `line ${named} is` : `lines ${named}${more} are`;
  return (
    `${file}: ${which} not a run (a sync stopped while writing it, or an edit broke it) and left out of this ` +
    "history. Their reports are still in the reports folder; delete those lines to clear this notice."
  );
}

/** The rejects of a report, as far as naming people goes. */
const NamedRejects = z.object({
  rejects: z.array(
    z.looseObject({ employee_id: z.string().nullable(), name: z.string().nullable().optional() }),
  ),
});

/**
 * The employees the last real sync could not write, since when and for how many syncs, each named as that sync's
 * report named them (rejects.json keeps ids only), so a person sees a name, not a 19-digit id.
 */
export async function openRejects(
  folder: ConnectionFolder,
  runs: readonly HistoryEntry[],
): Promise<(OpenReject & { readonly name: string | null })[]> {
  const open = await readOpenRejects(folder);
  const last = runs.filter((run) => !run.dry_run && run.status === "succeeded").at(-1);
  const report =
    last === undefined ? undefined : NamedRejects.safeParse(await readReport(folder, last.run_id));
  const names = new Map(
    (report?.success === true ? report.data.rejects : []).flatMap((reject) =>
      reject.employee_id === null || reject.name === undefined || reject.name === null
        ? []
        : [[reject.employee_id, reject.name] as const],
    ),
  );
  return open.map((reject) => ({ ...reject, name: names.get(reject.employee_id) ?? null }));
}

const RUN_ID = /^[A-Za-z0-9-]+$/;

/** A run's report file: only ids of the form runSync writes, so no other file of the folder is read. */
async function reportFile(folder: ConnectionFolder, runId: string, extension: "json" | "html") {
  if (!RUN_ID.test(runId)) return undefined;
  return readFile(join(folder.reportsDir, `${runId}.${extension}`), "utf8").catch(() => undefined);
}

/** The run's JSON report, as the runner wrote it (its secrets already masked). */
export async function readReport(folder: ConnectionFolder, runId: string): Promise<unknown> {
  const text = await reportFile(folder, runId, "json");
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function readReportHtml(folder: ConnectionFolder, runId: string): Promise<string | undefined> {
  return reportFile(folder, runId, "html");
}
