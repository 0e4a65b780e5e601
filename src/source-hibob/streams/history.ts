import { z } from "zod";
import type { SourceStream, StreamReporter } from "../../protocol/index.js";
import { BobRefusal } from "../client.js";
import { paginate } from "../paginate.js";
import type { HibobRun } from "../run.js";
import { addDays, isCalendarDate } from "../../shared/calendar-date.js";
import { later } from "./calendar.js";
import { modificationDateOf, parseHistoryPage } from "./history-page.js";
import { type HistoryTable, historySchema } from "./history-schema.js";
import { addRestricted, granted, noneSeen, restrictedColumnsWarning } from "./restricted-columns.js";
import { parseSavedState } from "./saved-state.js";

export type { HistoryTable } from "./history-schema.js";

/** Bob's largest bulk page; a larger limit is a 400. */
export const HISTORY_PAGE_SIZE = 200;

const CalendarDate = z.string().refine(isCalendarDate, "must be a YYYY-MM-DD date");

/**
 * `modificationDate`: the cursor of the last complete pass. Pages run by employee, not by date, so the cursor can
 * only advance at the end of a pass; mid-pass checkpoints add `resume`, the page to read again and the largest
 * date seen before it.
 */
export const HistoryState = z.object({
  modificationDate: CalendarDate.nullable(),
  resume: z.object({ cursor: z.string().min(1), max: CalendarDate.nullable() }).optional(),
  /**
   * The columns Bob withheld in the last pass (field-level permissions), sent as nulls. A pass in which one of
   * them comes back reads every row again, so the first one after the permission is granted replaces the nulls.
   */
  withheld: z.array(z.string()).optional(),
});
export type HistoryState = z.infer<typeof HistoryState>;

const SECTION: Record<HistoryTable, string> = {
  work: "Work",
  employment: "Employment",
  lifecycle: "Lifecycle",
};

async function warnMissing(out: StreamReporter, table: HistoryTable, count: number): Promise<void> {
  if (count === 0) return;
  await out.log(
    "WARN",
    `Bob did not let the service user read the ${table} history of ${count} employee${count === 1 ? "" : "s"} ` +
      `(MISSING_PERMISSION); their rows are missing. The permission group's "Access data for" setting and the ` +
      `${SECTION[table]} section histories permissions decide who is readable.`,
  );
}

/**
 * `<table>_history` from `GET /bulk/people/<table>`: one record per effective-dated row, keyed by employee and row
 * id. Incremental reads re-emit rows modified on or after the saved day minus `lookback_days`, because the
 * modification date has no time and a same-day change may come after the last read.
 */
export function historyStream(table: HistoryTable): SourceStream<HibobRun> {
  const name = `${table}_history`;
  const schema = historySchema(table);
  return {
    name,
    primaryKey: [["employee_id"], ["id"]],
    cursorField: ["modificationDate"],
    syncModes: ["full_refresh", "incremental"],
    jsonSchema: () => Promise.resolve(schema),
    async read(run, { syncMode, state, out }) {
      const incremental = syncMode === "incremental";
      const saved = incremental ? await parseSavedState(HistoryState, state, out) : undefined;
      const cursor = saved?.modificationDate ?? null;
      let since = cursor === null ? null : addDays(cursor, -run.config.lookback_days);
      const withheldBefore = saved?.withheld ?? [];
      const api = run.api(out);
      const missing = new Set<string>();
      const restricted = noneSeen();
      let max = saved?.resume?.max ?? null;
      let pageCursor: string | undefined;
      let pagesRead = 0;

      // Until a pass ends, what the last one withheld stays saved: a resumed pass must still see a grant.
      const withheld = (before: readonly string[] = []): Pick<HistoryState, "withheld"> => {
        const columns = new Set([...before, ...restricted.noView, ...restricted.noViewHistory]);
        return columns.size === 0 ? {} : { withheld: [...columns].sort() };
      };
      const midPass = (): HistoryState => ({
        modificationDate: cursor,
        ...(pageCursor === undefined ? {} : { resume: { cursor: pageCursor, max } }),
        ...withheld(withheldBefore),
      });

      const pass = async (start: string | undefined): Promise<void> => {
        const fetchPage = async (next: string | undefined) => {
          pageCursor = next ?? start;
          const body = await api.get<unknown>(`/bulk/people/${table}`, {
            limit: HISTORY_PAGE_SIZE,
            ...(pageCursor === undefined ? {} : { cursor: pageCursor }),
          });
          pagesRead += 1;
          const page = parseHistoryPage(body, table);
          for (const key of page.missingPermission) missing.add(key);
          addRestricted(restricted, page.restricted);
          // Bob lists withheld columns on every answer: the first page of a pass shows whether one came back.
          if (pagesRead === 1 && granted(withheldBefore, page.restricted)) since = null;
          return { items: page.rows, next: page.next };
        };
        for await (const row of paginate(fetchPage, `the ${table} history`)) {
          const modified = modificationDateOf(row);
          max = later(max, modified) ?? null;
          // Rows without a date cannot be placed after a cursor: only a first read takes them.
          if (since !== null && (modified === null || modified < since)) continue;
          await out.record(row);
          if (incremental) await out.checkpointIfDue(midPass);
        }
      };

      const resumeAt = saved?.resume?.cursor;
      try {
        await pass(resumeAt);
      } catch (error) {
        // Bob's cursors expire; a refused resume cursor (400) costs a full pass, not the sync.
        const refused = error instanceof BobRefusal && error.status === 400;
        if (resumeAt === undefined || pagesRead > 0 || !refused) throw error;
        await out.log(
          "WARN",
          `Bob refused the saved page cursor (${error.message}); reading the ${table} history from the first page.`,
        );
        await pass(undefined);
      }
      await warnMissing(out, table, missing.size);
      // Once per pass, not per page: the nulls of withheld columns are a permission gap, not empty values.
      const warning = restrictedColumnsWarning(table, restricted);
      if (warning !== null) await out.log("WARN", warning);
      if (incremental) {
        await out.checkpoint({ modificationDate: later(cursor, max) ?? null, ...withheld() });
      }
    },
  };
}

export const workHistoryStream = historyStream("work");
export const employmentHistoryStream = historyStream("employment");
export const lifecycleHistoryStream = historyStream("lifecycle");
