import { z } from "zod";
import { type SourceStream, SystemError } from "../../protocol/index.js";
import type { HibobRun } from "../run.js";
import { addMonths, bobTimestampToMs, isBobTimestamp, monthWindows } from "./calendar.js";
import { nullable, nullableDate, recordSchema } from "./json-schema.js";
import { parseSavedState } from "./saved-state.js";

/** Bob refuses a `since`..`to` window longer than this many calendar months. */
export const MAX_WINDOW_MONTHS = 6;

/** `createdOn` of the latest change emitted; Bob's timestamps sort as strings. */
export const TimeOffState = z.object({
  createdOn: z.string().refine(isBobTimestamp, "must be a timestamp like 2025-08-17T18:29:10.408597"),
});
export type TimeOffState = z.infer<typeof TimeOffState>;

const Change = z.looseObject({
  requestId: z.int(),
  changeType: z.string(),
  createdOn: z.string().refine(isBobTimestamp, "createdOn must be a timestamp"),
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
  },
  ["request_id", "change_type"],
);

/** Where a read starts: the saved cursor, else `start_date`, else six months back. */
function startMs(run: HibobRun, cursor: string | undefined): number {
  if (cursor !== undefined) return bobTimestampToMs(cursor) ?? run.now();
  const start = run.config.start_date;
  if (start !== undefined) return Date.parse(`${start}T00:00:00Z`);
  return addMonths(run.now(), -MAX_WINDOW_MONTHS);
}

function parseChanges(body: unknown): Change[] {
  const parsed = ChangesReply.safeParse(body);
  if (!parsed.success) {
    throw new SystemError(
      `Bob's time-off changes came in an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}.`,
    );
  }
  // Sorted so a checkpoint's cursor never passes a change still to come.
  return parsed.data.changes.sort((a, b) =>
    a.createdOn < b.createdOn ? -1 : a.createdOn > b.createdOn ? 1 : 0,
  );
}

/**
 * `time_off_changes` from `GET /timeoff/requests/changes`, the one feed Bob filters by change time. It has no
 * pagination and a window of at most six months, so the read walks windows from the start up to now.
 */
export const timeOffChangesStream: SourceStream<HibobRun> = {
  name: "time_off_changes",
  primaryKey: [["request_id"], ["change_type"]],
  cursorField: ["createdOn"],
  syncModes: ["full_refresh", "incremental"],
  jsonSchema: () => Promise.resolve(schema),
  async read(run, { syncMode, state, out }) {
    const incremental = syncMode === "incremental";
    const saved = incremental ? await parseSavedState(TimeOffState, state, out) : undefined;
    const api = run.api(out);
    let cursor = saved?.createdOn;
    // Windows share their edges and Bob includes both ends: changes on an edge are seen twice.
    let edge = new Set<string>();
    for (const window of monthWindows(startMs(run, cursor), run.now(), MAX_WINDOW_MONTHS)) {
      const body = await api.get<unknown>("/timeoff/requests/changes", {
        since: new Date(window.from).toISOString(),
        to: new Date(window.to).toISOString(),
      });
      const before = cursor;
      const changes = parseChanges(body);
      const nextEdge = new Set<string>();
      for (const [index, change] of changes.entries()) {
        const key = `${change.requestId}/${change.changeType}/${change.createdOn}`;
        if ((bobTimestampToMs(change.createdOn) ?? 0) >= window.to) nextEdge.add(key);
        if (edge.has(key) || (saved !== undefined && change.createdOn <= saved.createdOn)) continue;
        await out.record({ ...change, request_id: change.requestId, change_type: change.changeType });
        if (!incremental) continue;
        if (cursor === undefined || change.createdOn > cursor) cursor = change.createdOn;
        // A checkpoint between two changes of the same instant would skip the second on resume.
        const following = changes[index + 1];
        if (following?.createdOn !== change.createdOn) {
          const at = cursor;
          await out.checkpointIfDue(() => ({ createdOn: at }));
        }
      }
      edge = nextEdge;
      if (incremental && cursor !== undefined && cursor !== before)
        await out.checkpoint({ createdOn: cursor });
    }
    // A read that found nothing keeps the saved cursor rather than falling back to the no-cursor state.
    if (incremental && cursor !== undefined) await out.checkpoint({ createdOn: cursor });
  },
};
