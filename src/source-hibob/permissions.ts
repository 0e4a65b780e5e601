import { hasField, nestedPath } from "../shared/bob-field-path.js";

export interface RequestedField {
  readonly id: string;
  readonly name: string;
  /** Bob's category as the permission group shows it, e.g. "Work". */
  readonly category: string;
  /** Bob returns it only when the group may edit it as well as view it. */
  readonly viewAndEdit?: boolean;
}

/**
 * Bob answers 200 and silently leaves out fields the service user may not see. A requested field that no visible
 * employee carries, not even as null, is a missing permission.
 */
export function missingFields(
  requested: readonly RequestedField[],
  employees: readonly unknown[],
): RequestedField[] {
  if (employees.length === 0) return [];
  return requested.filter((field) => !employees.some((employee) => hasField(employee, nestedPath(field.id))));
}

/** `Work › Department (work.department)`: how the field is found when ticking the permission group. */
export function describeField(field: RequestedField): string {
  const where = `${field.category} › ${field.name} (${field.id})`;
  return field.viewAndEdit === true ? `${where} needs View and Edit` : where;
}

const VIEW_AND_EDIT_HINT =
  'Bob returns fields marked "needs View and Edit" only when the group may edit them as well as view them ' +
  "(its rule for full date of birth, age and national ids): allow Edit for them too.";

/** Bob's id field. It is in Basic info, which a new service user's permission group does not grant. */
export const ID_FIELD: RequestedField = { id: "root.id", name: "ID", category: "Basic info" };

/** Without Basic info Bob still answers 200, with employees that carry no id (empty objects if nothing else). */
export function hasEmployeeId(employee: Readonly<Record<string, unknown>>): boolean {
  return "id" in employee || "/root/id" in employee;
}

/** What to do when Bob sends employees without ids; `then` says what to run once the group is saved. */
export function missingIdMessage(field: RequestedField = ID_FIELD, then = "run the check again"): string {
  return (
    `Bob sends employees without their id: the service user cannot read ${describeField(field)}. ` +
    `In Bob, open Settings › Permission groups and grant the ${field.category} category to the service user's ` +
    `permission group (People's data › ${field.category} › View). Bob takes about 10 seconds to apply ` +
    `permission changes; ${then} after that.`
  );
}

export const PERMISSION_DELAY_HINT =
  "Bob takes about 10 seconds to apply permission changes; run the check again after that.";

export function missingPermissionsMessage(missing: readonly RequestedField[]): string {
  const lines = missing.map((field) => `  - ${describeField(field)}`);
  return [
    `The service user cannot read ${missing.length} of the selected fields. In Bob, open Settings › Permission groups, ` +
      "select the service user's group and allow viewing these fields (Employee data › the category › View):",
    ...lines,
    ...(missing.some((field) => field.viewAndEdit === true) ? [VIEW_AND_EDIT_HINT] : []),
    PERMISSION_DELAY_HINT,
  ].join("\n");
}
