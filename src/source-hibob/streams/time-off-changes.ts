import { z } from "zod";
import {
  type SourceStream,
  type StreamReporter,
  type StreamStateBlob,
  SystemError,
} from "../../protocol/index.js";
import type { HibobRun } from "../run.js";
import { addMonths, isBobTimestamp, monthWindows } from "./calendar.js";
import { nullable, nullableDate, recordSchema } from "./json-schema.js";
import { parseSavedState } from "./saved-state.js";

/** Bob refuses a `since`..`to` window longer than this many calendar months. */
export const MAX_WINDOW_MONTHS = 6;

/** Changes already read are asked for again this far back: Bob's clock and indexing may lag the machine's. */
export const OVERLAP_MS = 60 * 60 * 1000;

/** The record field and cursor: the `to` of the window a change was read in. The change happened before it. */
export const WINDOW_TO = "window_to";

const Instant = z.iso.datetime({ offset: true });

/**
 * The end of the last window read. Bob's `since`/`to` filter on when a change happened, while `createdOn` is
 * when the request was created: a cancellation made today of a request created last month keeps last month's
 * createdOn, so a cursor on createdOn would skip it. The window is the only position Bob's filter knows.
 */
export const TimeOffState = z.object({ [WINDOW_TO]: Instant });
export type TimeOffState = z.infer<typeof TimeOffState>;

/** What versions before the window cursor saved: the highest createdOn, a position that lost changes. */
const LegacyState = z.object({
  createdOn: z.string().refine(isBobTimestamp, "must be a timestamp like 2025-08-17T18:29:10.408597"),
});

const Change = z.looseObject({
  requestId: z.int(),
  changeType: z.string(),
  createdOn: z.string().refine(isBobTimestamp, "createdOn must be a timestamp").nullish(),
});
type Change = z.infer<typeof Change>;

const ChangesReply = z.looseObject({ changes: z.array(Change) });

const schema = recordSchema(
  {
    request_id: { type: "integer" },
    change_type: { type: "string" },
    changeType: nullable("string"),
    requestId: nullable("integer"),
    originalRequestId: nullable("integer"),
    previousRequestId: nullable("integer"),
    employeeId: nullable("string"),
    employeeDisplayName: nullable("string"),
    employeeEmail: nullable("string"),
    policyTypeDisplayName: nullable("string"),
    type: nullable("string"),
    // No time zone in Bob's value, so no `date-time` format: validators would reject it.
    createdOn: nullable("string"),
    startDate: nullableDate,
    startPortion: nullable("string"),
    endDate: nullableDate,
    endPortion: nullable("string"),
    durationUnit: nullable("string"),
    totalDuration: nullable("number"),
    totalCost: nullable("number"),
    changeReason: nullable("string"),
    visibility: nullable("string"),
    [WINDOW_TO]: { type: "string", format: "date-time" },
  },
  ["request_id", "change_type"],
);

/** Where a read starts: the saved window's end minus the overlap, else `start_date`, else six months back. */
function startMs(run: HibobRun, saved: TimeOffState | undefined): number {
  if (saved !== undefined) return Date.parse(saved[WINDOW_TO]) - OVERLAP_MS;
  const start = run.config.start_date;
  if (start !== undefined) return Date.parse(`${start}T00:00:00Z`);
  return addMonths(run.now(), -MAX_WINDOW_MONTHS);
}

/**
 * The saved window, or undefined to read from the start. A createdOn cursor from an earlier version cannot say
 * which changes it skipped, so the read starts over once; the destination deduplicates what comes again.
 */
async function savedWindow(
  state: StreamStateBlob | undefined,
  out: StreamReporter,
): Promise<TimeOffState | undefined> {
  if (state !== undefined && LegacyState.safeParse(state).success) {
    await out.log(
      "INFO",
      "The saved cursor is a createdOn, which missed changes made later to older requests; reading from " +
        "start_date again once, then from the end of each window read.",
    );
    return undefined;
  }
  return parseSavedState(TimeOffState, state, out);
}

function parseChanges(body: unknown): Change[] {
  const parsed = ChangesReply.safeParse(body);
  if (!parsed.success) {
    throw new SystemError(
      `Bob's time-off changes came in an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}.`,
    );
  }
  return parsed.data.changes;
}

const keyOf = (change: Change): string => `${change.requestId}/${change.changeType}`;

/**
 * `time_off_changes` from `GET /timeoff/requests/changes`, the one feed Bob filters by change time. It has no
 * pagination and a window of at most six months, so the read walks windows from the start up to now and
 * checkpoints the end of each. A change has no time of its own in the answer (`createdOn` is the request's), so
 * records are keyed by request and change type, the cursor is the window, and the next sync starts an overlap
 * before it: a change read twice is the same record under the same key.
 */
export const timeOffChangesStream: SourceStream<HibobRun> = {
  name: "time_off_changes",
  primaryKey: [["request_id"], ["change_type"]],
  cursorField: [WINDOW_TO],
  syncModes: ["full_refresh", "incremental"],
  jsonSchema: () => Promise.resolve(schema),
  async read(run, { syncMode, state, out }) {
    const incremental = syncMode === "incremental";
    const saved = incremental ? await savedWindow(state, out) : undefined;
    const api = run.api(out);
    const windows = monthWindows(startMs(run, saved), run.now(), MAX_WINDOW_MONTHS);
    // Windows share their edges and Bob includes both ends: a change on an edge is in both answers.
    let previous = new Set<string>();
    for (const window of windows) {
      const to = new Date(window.to).toISOString();
      const body = await api.get<unknown>("/timeoff/requests/changes", {
        since: new Date(window.from).toISOString(),
        to,
      });
      const keys = new Set<string>();
      for (const change of parseChanges(body)) {
        const key = keyOf(change);
        keys.add(key);
        if (previous.has(key)) continue;
        await out.record({
          ...change,
          request_id: change.requestId,
          change_type: change.changeType,
          [WINDOW_TO]: to,
        });
      }
      previous = keys;
      if (incremental) await out.checkpoint({ [WINDOW_TO]: to });
    }
    // Nothing to read (a saved window at or after now): the saved state stands.
    if (incremental && windows.length === 0 && saved !== undefined) await out.checkpoint(saved);
  },
};
