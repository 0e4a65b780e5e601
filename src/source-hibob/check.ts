import type { ConnectionStatus } from "../protocol/index.js";
import type { RequestedField } from "./permissions.js";
import { employeeIds, searchPeople } from "./people-search.js";
import {
  hasEmployeeId,
  ID_FIELD,
  missingFields,
  missingIdMessage,
  missingPermissionsMessage,
} from "./permissions.js";
import type { HibobRun } from "./run.js";
import { ACCESS_FIELDS, scopeWarning, terminatedCount } from "./scope.js";
import { MAX_SEARCH_FIELDS, selectFields } from "./selection.js";

const STATUS_FIELDS = ["root.id", ...ACCESS_FIELDS];

/**
 * What `check` found, for a reader that shows more than its message (the console's checklist and counts): whom the
 * service user sees, or why it cannot be used, with the fields it lacks when that is why.
 */
export type ConnectionInspection =
  | {
      readonly ok: true;
      /** Employees visible to the service user, terminated ones included when they are in its scope. */
      readonly employees: number;
      readonly terminated: number;
      readonly warning: string | null;
    }
  | { readonly ok: false; readonly message: string; readonly missing: readonly RequestedField[] };

const failed = (message: string, missing: readonly RequestedField[] = []): ConnectionInspection => ({
  ok: false,
  message,
  missing,
});

/** `check`: the inspection as the protocol's connection status. */
export async function checkConnection(run: HibobRun): Promise<ConnectionStatus> {
  const found = await inspectConnection(run);
  if (!found.ok) return { status: "FAILED", message: found.message };
  if (found.warning !== null) {
    return { status: "SUCCEEDED", message: `Connected, with a warning: ${found.warning}` };
  }
  return { status: "SUCCEEDED" };
}

/**
 * SUCCEEDED only when the credentials work and the service user can read every selected field. Bob hides
 * fields the permission group does not grant by leaving them out of a 200 answer, so the check reads a batch
 * of employees with the full selection and looks for fields that no one carries, not even as null.
 * 401/403 are never retried (the client throws a ConfigError, which the CLI turns into FAILED).
 */
export async function inspectConnection(run: HibobRun): Promise<ConnectionInspection> {
  const { config } = run;
  const api = run.api();
  const selection = selectFields(config, await run.fieldMetadata());
  if (selection.unknown.length > 0) {
    return failed(
      `'additional_fields' names fields this Bob company does not have: ${selection.unknown.join(", ")}. ` +
        "Copy the ids from Settings › People's data or from the employee_fields stream.",
    );
  }
  if (selection.unsearchable.length > 0) {
    return failed(
      `'additional_fields' names Actual payments fields, which Bob's people search never returns: ` +
        `${selection.unsearchable.join(", ")}. Remove them; Bob serves actual payments only from its Actual ` +
        "payments table, which this source does not read.",
    );
  }
  if (selection.ids.length > MAX_SEARCH_FIELDS) {
    return failed(
      `The selection has ${selection.ids.length} fields; Bob reads at most ${MAX_SEARCH_FIELDS} at once. ` +
        "Choose fewer 'field_groups' or 'additional_fields'.",
    );
  }

  const everyone = await searchPeople(api, {
    fields: STATUS_FIELDS,
    showInactive: config.include_inactive,
    humanReadable: false,
  });
  if (everyone.length === 0) {
    return failed(
      "The service user sees no employees. In Bob, open Settings › Permission groups, select the service " +
        'user\'s group and set "Access data for" to the people to sync.',
    );
  }
  if (!everyone.every(hasEmployeeId)) {
    const idField = selection.requested.find((field) => field.id === ID_FIELD.id) ?? ID_FIELD;
    return failed(missingIdMessage(idField), [idField]);
  }
  const sample = employeeIds(everyone).slice(0, config.batch_size);
  const employees = await searchPeople(api, {
    fields: selection.ids,
    ids: sample,
    showInactive: config.include_inactive,
    humanReadable: false,
  });
  const missing = missingFields(selection.requested, employees);
  if (missing.length > 0) return failed(missingPermissionsMessage(missing), missing);

  // Whom the scope shows decides whether leavers can be archived, and whether someone on leave could look gone.
  return {
    ok: true,
    employees: everyone.length,
    terminated: terminatedCount(everyone),
    warning: scopeWarning(everyone, config.include_inactive),
  };
}
