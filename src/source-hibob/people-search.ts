import { ConfigError, SystemError } from "../protocol/index.js";
import { bobId } from "./bob-id.js";
import type { BobApi } from "./client.js";
import { hasEmployeeId, ID_FIELD, missingIdMessage } from "./permissions.js";

export interface SearchRequest {
  readonly fields: readonly string[];
  /** Read only these employees; all visible employees when absent. */
  readonly ids?: readonly string[];
  readonly showInactive: boolean;
  readonly humanReadable: boolean;
}

/**
 * `POST /people/search`. Bob has no pagination here: one answer holds every matching employee, so large
 * companies are read by id batches. Bob refuses `filters: []`, so the key is left out to read everyone.
 */
export async function searchPeople(api: BobApi, request: SearchRequest): Promise<Record<string, unknown>[]> {
  const body = {
    fields: request.fields,
    showInactive: request.showInactive,
    ...(request.humanReadable ? { humanReadable: "APPEND" } : {}),
    ...(request.ids === undefined
      ? {}
      : { filters: [{ fieldPath: "root.id", operator: "equals", values: request.ids }] }),
  };
  const answer = await api.post<unknown>("/people/search", body);
  const employees = (answer as { employees?: unknown } | null)?.employees;
  if (!Array.isArray(employees)) {
    throw new SystemError("Bob's people search answer has no 'employees' list.");
  }
  return employees.filter(
    (employee): employee is Record<string, unknown> => typeof employee === "object" && employee !== null,
  );
}

/** Bob's ids are 19-digit strings: ordered by length, then text, they sort as the numbers would. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Every visible employee's id, sorted so batches (and mid-pass checkpoints) are stable between syncs. */
export async function listEmployeeIds(api: BobApi, showInactive: boolean): Promise<string[]> {
  return employeeIds(await searchPeople(api, { fields: ["root.id"], showInactive, humanReadable: false }));
}

/** Bob left the ids out (no Basic info permission): a setup problem, not a malformed answer. */
export function missingIdError(): ConfigError {
  return new ConfigError(missingIdMessage(ID_FIELD, "run the sync again"));
}

/** The sorted ids of a search answer. */
export function employeeIds(employees: readonly Record<string, unknown>[]): string[] {
  return employees
    .map((employee) => {
      if (!hasEmployeeId(employee)) throw missingIdError();
      return bobId(employee.id, "employee id");
    })
    .sort(compareIds);
}

/** Bob suggests 200 to 1,000 employees a people search. */
export const MAX_BATCH_SIZE = 1_000;

/**
 * The batch size for a pass over `count` employees: `batchSize`, grown up to 1,000 when needed so that every
 * batch fits in the searches the pacer allows in a minute besides the id list's own. Without that, a company
 * just past the quota (10,000 people in batches of 200: 51 searches at 45 a minute) waits a minute for its
 * last few batches. Unpaced (`searchesPerMinute` 0), it stays `batchSize`.
 */
export function adaptiveBatchSize(count: number, batchSize: number, searchesPerMinute: number): number {
  if (searchesPerMinute <= 0) return batchSize;
  const budget = Math.max(1, Math.floor(searchesPerMinute) - 1);
  return Math.max(batchSize, Math.min(MAX_BATCH_SIZE, Math.ceil(count / budget)));
}

export function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
