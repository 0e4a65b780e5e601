import type { JsonObject } from "./user-resource.js";
import { ENTERPRISE_SCHEMA, isObject, USER_SCHEMA } from "./user-resource.js";

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/**
 * What a SCIM server says it supports (RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes, /Schemas), read
 * once per run. A server that lacks an endpoint is taken to support what the target needs from it, as SCIM
 * clients have always assumed; what it then refuses or drops is learnt from its answers (`AttributeSupport`).
 */
export interface ScimCapabilities {
  /** PATCH (§3.5.2); without it users and group members are written by GET + PUT. */
  readonly patch: boolean;
  /** A Group resource type: courses are groups; without one no course is assigned. */
  readonly groups: boolean;
  /** The enterprise User extension (RFC 7643 §4.3), home of department and manager. */
  readonly enterprise: boolean;
  /** The core User attributes /Schemas names; undefined when the server does not say. */
  readonly userAttributes: ReadonlySet<string> | undefined;
}

/** The discovery answers a server gave; an endpoint it lacks is undefined. */
export interface DiscoveryAnswers {
  readonly serviceProviderConfig?: JsonObject | undefined;
  readonly resourceTypes?: readonly JsonObject[] | undefined;
  readonly schemas?: readonly JsonObject[] | undefined;
}

export const FULL_CAPABILITIES: ScimCapabilities = {
  patch: true,
  groups: true,
  enterprise: true,
  userAttributes: undefined,
};

/** The resources of a discovery list: a ListResponse (RFC 7644 §4), or the bare array some servers send. */
export function discoveryResources(body: unknown): JsonObject[] | undefined {
  if (Array.isArray(body)) return body.filter(isObject);
  if (isObject(body) && Array.isArray(body.Resources)) return body.Resources.filter(isObject);
  return undefined;
}

const extensionsOf = (type: JsonObject): string[] =>
  (Array.isArray(type.schemaExtensions) ? type.schemaExtensions : []).flatMap((entry) =>
    isObject(entry) && typeof entry.schema === "string" ? [entry.schema] : [],
  );

const isUserType = (type: JsonObject): boolean =>
  type.schema === USER_SCHEMA || type.endpoint === "/Users" || type.id === "User";

const isGroupType = (type: JsonObject): boolean =>
  type.schema === GROUP_SCHEMA || type.endpoint === "/Groups" || type.id === "Group";

/** Pure: the capabilities the discovery answers show. */
export function capabilitiesOf(found: DiscoveryAnswers): ScimCapabilities {
  const patch = isObject(found.serviceProviderConfig?.patch)
    ? found.serviceProviderConfig.patch.supported !== false
    : true;
  const types = found.resourceTypes;
  const schemaIds = found.schemas?.flatMap((schema) => (typeof schema.id === "string" ? [schema.id] : []));
  const userType = types?.find(isUserType);
  const enterprise =
    userType !== undefined
      ? extensionsOf(userType).includes(ENTERPRISE_SCHEMA)
      : (schemaIds?.includes(ENTERPRISE_SCHEMA) ?? true);
  const userSchema = found.schemas?.find((schema) => schema.id === USER_SCHEMA);
  const attributes = Array.isArray(userSchema?.attributes)
    ? userSchema.attributes.filter(isObject)
    : undefined;
  return {
    patch,
    // A list of resource types without Group is the server's word; none at all says nothing.
    groups: types === undefined || types.length === 0 ? true : types.some(isGroupType),
    enterprise,
    userAttributes:
      attributes === undefined
        ? undefined
        : new Set(
            attributes.flatMap((attribute) => (typeof attribute.name === "string" ? [attribute.name] : [])),
          ),
  };
}
