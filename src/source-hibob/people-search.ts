import { SystemError } from "../protocol/index.js";
import { bobId } from "./bob-id.js";
import type { BobApi } from "./client.js";

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
export async function searchPeople(
  api: BobApi,
  request: SearchRequest,
): Promise<readonly Record<string, unknown>[]> {
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

/** The sorted ids of a search answer. */
export function employeeIds(employees: readonly Record<string, unknown>[]): string[] {
  return employees.map(({ id }) => bobId(id, "an employee id")).sort(compareIds);
}

export function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
