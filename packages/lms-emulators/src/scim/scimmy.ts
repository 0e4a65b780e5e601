import { Messages, Resources, Schemas, Types } from "scimmy";

/**
 * The one place that touches scimmy's process-wide statics. scimmy keeps schema definitions in class statics
 * (there is no per-server instance), so the enterprise extension is added to its User schema once, and every
 * emulator instance shares that read-only definition. Resource handlers (ingress/egress) are deliberately not
 * registered: they are process-wide too, and two emulators in one test process would overwrite each other.
 */
export { Messages, Resources, Schemas, Types };

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type SchemaDefinition = Types.SchemaDefinition;

export function ensureEnterpriseExtension(): void {
  try {
    Schemas.User.definition.attribute(ENTERPRISE_USER_SCHEMA);
  } catch {
    // Through the resource class: the typings of Schemas.User.extend want an instance where the code wants a class.
    Resources.User.extend(Schemas.EnterpriseUser, false);
  }
}

export function userDefinition(): SchemaDefinition {
  ensureEnterpriseExtension();
  return Schemas.User.definition;
}

export function groupDefinition(): SchemaDefinition {
  return Schemas.Group.definition;
}
