import { bobId } from "./bob-id.js";
import { missingIdError } from "./people-search.js";
import { hasEmployeeId } from "./permissions.js";

/**
 * One employee as the `employees` stream emits it. Bob sends every non-null value twice — as a slash key
 * (`"/work/title": {"value": …}`) and in the nested category form, which alone keeps nulls — so only the nested
 * form is kept.
 */
export type EmployeeRecord = Record<string, unknown> & { id: string };

export function employeeRecord(raw: Readonly<Record<string, unknown>>): EmployeeRecord {
  // The permission group can change between the id list and a batch.
  if (!hasEmployeeId(raw)) throw missingIdError();
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith("/")) record[key] = value;
  }
  const id = bobId(record.id ?? (raw["/root/id"] as { value?: unknown } | undefined)?.value, "employee id");
  return Object.assign(record, { id });
}
