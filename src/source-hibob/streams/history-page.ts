import { z } from "zod";
import { SystemError } from "../../protocol/index.js";
import { bobId } from "../bob-id.js";
import { isCalendarDate } from "../../shared/calendar-date.js";
import { addRestricted, noneSeen, parseRestrictedColumns, type Restricted } from "./restricted-columns.js";
import { isRecord } from "../../shared/is-record.js";

const Row = z.record(z.string(), z.unknown());

const BulkPage = z.looseObject({
  results: z
    .array(
      z.looseObject({
        employeeId: z.unknown(),
        values: z.array(Row).nullish(),
        restricted_columns: z.unknown().optional(),
      }),
    )
    .nullish(),
  restricted_columns: z.unknown().optional(),
  response_metadata: z
    .looseObject({ next_cursor: z.string().nullish(), cursor: z.string().nullish() })
    .nullish(),
  errors: z.array(z.unknown()).nullish(),
});

export interface HistoryPage {
  /** Records: `employee_id` plus the row as Bob gives it, `id` as a string. */
  readonly rows: Record<string, unknown>[];
  readonly next: string | null | undefined;
  /** One key per MISSING_PERMISSION entry, so entries repeated on later pages count once. */
  readonly missingPermission: string[];
  /** Columns answered as null for lack of a field-level permission. */
  readonly restricted: Restricted;
}

/** The OpenAPI wraps rows in one more `{values: [...]}`; clients see bare rows. Both are accepted. */
function unwrap(values: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return values.flatMap((value) => {
    const inner = value.values;
    if (!("id" in value) && Array.isArray(inner)) {
      return inner.filter(isRecord);
    }
    return [value];
  });
}

function isMissingPermission(entry: unknown): boolean {
  if (typeof entry !== "object" || entry === null) return false;
  if ("error" in entry && entry.error === "MISSING_PERMISSION") return true;
  return Object.values(entry as Record<string, unknown>).some(
    (value) =>
      typeof value === "object" && value !== null && "error" in value && value.error === "MISSING_PERMISSION",
  );
}

/** One page of `GET /bulk/people/{table}`: rows flattened per employee, the next cursor, permission gaps. */
export function parseHistoryPage(body: unknown, table: string): HistoryPage {
  const parsed = BulkPage.safeParse(body);
  if (!parsed.success) {
    throw new SystemError(
      `Bob's ${table} history page came in an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}.`,
    );
  }
  const rows: Record<string, unknown>[] = [];
  // Bob documents `restricted_columns` on an answer's top level; a bulk page may also carry it per employee.
  const restricted = noneSeen();
  addRestricted(restricted, parseRestrictedColumns(parsed.data.restricted_columns));
  for (const result of parsed.data.results ?? []) {
    addRestricted(restricted, parseRestrictedColumns(result.restricted_columns));
    const employeeId = bobId(result.employeeId, "employee id");
    for (const row of unwrap(result.values ?? [])) {
      rows.push({ employee_id: employeeId, ...row, id: bobId(row.id, `${table} row id`) });
    }
  }
  const meta = parsed.data.response_metadata;
  return {
    rows,
    // `next_cursor: null` ends the walk; `cursor` is only read when `next_cursor` is absent (the OpenAPI's name).
    next: meta?.next_cursor !== undefined ? meta.next_cursor : meta?.cursor,
    missingPermission: (parsed.data.errors ?? []).filter(isMissingPermission).map((e) => JSON.stringify(e)),
    restricted: { noView: [...restricted.noView], noViewHistory: [...restricted.noViewHistory] },
  };
}

/** A row's modification day, or null when it has none (or one that is not a date). */
export function modificationDateOf(row: Record<string, unknown>): string | null {
  const value = row.modificationDate;
  if (typeof value !== "string") return null;
  const day = value.slice(0, 10);
  return isCalendarDate(day) ? day : null;
}
