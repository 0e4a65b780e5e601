import type { ConnectionStatus } from "../protocol/index.js";
import { employeeIds, searchPeople } from "./people-search.js";
import {
  hasEmployeeId,
  ID_FIELD,
  missingFields,
  missingIdMessage,
  missingPermissionsMessage,
} from "./permissions.js";
import type { HibobRun } from "./run.js";
import { ACCESS_FIELDS, scopeWarning } from "./scope.js";
import { MAX_SEARCH_FIELDS, selectFields } from "./selection.js";

const STATUS_FIELDS = ["root.id", ...ACCESS_FIELDS];

const failed = (message: string): ConnectionStatus => ({ status: "FAILED", message });

/**
 * SUCCEEDED only when the credentials work and the service user can read every selected field. Bob hides
 * fields the permission group does not grant by leaving them out of a 200 answer, so the check reads a batch
 * of employees with the full selection and looks for fields that no one carries, not even as null.
 * 401/403 are never retried (the client throws a ConfigError, which the CLI turns into FAILED).
 */
export async function checkConnection(run: HibobRun): Promise<ConnectionStatus> {
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
    return failed(missingIdMessage(idField));
  }
  const sample = employeeIds(everyone).slice(0, config.batch_size);
  const employees = await searchPeople(api, {
    fields: selection.ids,
    ids: sample,
    showInactive: config.include_inactive,
    humanReadable: false,
  });
  const missing = missingFields(selection.requested, employees);
  if (missing.length > 0) return failed(missingPermissionsMessage(missing));

  // Whom the scope shows decides whether leavers can be archived, and whether someone on leave could look gone.
  const warning = scopeWarning(everyone, config.include_inactive);
  if (warning !== null) return { status: "SUCCEEDED", message: `Connected, with a warning: ${warning}` };
  return { status: "SUCCEEDED" };
}
