import { DEFAULT_FIELD_GROUPS, FIELD_GROUPS } from "../source-hibob/field-groups.js";
import { ID_FIELD, PERMISSION_DELAY_HINT } from "../source-hibob/permissions.js";
import { SCOPE_FIX } from "../source-hibob/scope.js";
import type { PermissionGuide } from "./api-types.js";

/**
 * What the service user's permission group must allow, per field group: the same FIELD_GROUPS that
 * docs/setup-hibob.md's tables are generated from (permission-docs.ts), as data the browser filters live as
 * groups are ticked. Bob's id is asked for whatever is chosen, so it heads every list.
 */
export function permissionGuide(): PermissionGuide {
  return {
    groups: FIELD_GROUPS.map((group) => ({
      id: group.id,
      title: group.title,
      category: group.category,
      sensitive: group.sensitive,
      default: (DEFAULT_FIELD_GROUPS as readonly string[]).includes(group.id),
      fields: group.fields.map((field) => ({ id: field.id, name: field.name, category: group.category })),
      alsoCategory: group.categories.join(", "),
    })),
    always: { id: ID_FIELD.id, name: ID_FIELD.name, category: ID_FIELD.category },
    accessDataFor:
      'Include terminated people in the permission group\'s "Access data for", or leavers can never be archived: ' +
      SCOPE_FIX,
    delayHint: PERMISSION_DELAY_HINT,
  };
}
