// Field-level permissions (Bob's beta, documented in its changelog): a table endpoint answers a column the service
// user may not view as null, lists it in `restricted_columns` (`no_view_permission` for every row,
// `no_view_history_permission` for past rows) and sets `X-Has-Restricted-Columns: true`. Nothing is added when no
// column of the answer was restricted.

import type { ColumnRestrictions } from "./permissions.js";
import type { Json } from "./view.js";

export interface RestrictedColumns {
  no_view_permission: string[];
  no_view_history_permission: string[];
}

export const RESTRICTED_HEADER = "X-Has-Restricted-Columns";

function blank(row: Record<string, Json>, column: string): void {
  row[column] = null;
  const human = row.humanReadable;
  if (typeof human === "object" && human !== null && !Array.isArray(human) && column in human) {
    human[column] = null;
  }
}

/**
 * Nulls the restricted columns of rendered rows in place: `noView` in every row, `noViewHistory` in rows that are
 * not current. Returns what Bob reports, or undefined when no column of these rows was restricted.
 */
export function restrictColumns(
  rows: readonly Record<string, Json>[],
  restrictions: ColumnRestrictions | undefined,
): RestrictedColumns | undefined {
  if (restrictions === undefined || rows.length === 0) return undefined;
  const noView = [...restrictions.noView];
  const noHistory = new Set<string>();
  for (const row of rows) {
    for (const column of noView) blank(row, column);
    if (row.isCurrent === true) continue;
    for (const column of restrictions.noViewHistory) {
      if (restrictions.noView.has(column)) continue;
      blank(row, column);
      noHistory.add(column);
    }
  }
  if (noView.length === 0 && noHistory.size === 0) return undefined;
  return { no_view_permission: noView, no_view_history_permission: [...noHistory] };
}
