import type { JsonObject } from "@hibob-learners/emulator-kit";
import type { ScimContext } from "./context.js";
import { ScimHttpError } from "./errors.js";
import { listResponse } from "./list-response.js";
import { coerceOutbound } from "./resource-io.js";
import { ensureEnterpriseExtension, Resources, Schemas } from "./scimmy.js";

/**
 * The discovery endpoints, formatted by scimmy from its own definitions. The service provider config is set
 * per emulator rather than through scimmy's process-wide Config, and says exactly what this server does
 * (no bulk, no sort, no etag), where a default scimmy set-up over-advertised bulk. Partial servers advertise
 * less: no Group without groups, patch.supported false without PATCH, no enterprise extension without it.
 * What `keeps` and `patchable` take away is NOT visible here: django-scim2 serves static schema files, so
 * discovery cannot tell what it drops.
 */
export function serviceProviderConfig(context: ScimContext): JsonObject {
  const config = {
    documentationUri: "https://datatracker.ietf.org/doc/html/rfc7644",
    patch: { supported: context.settings.capabilities.patch },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: context.settings.maxPageSize },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with a static bearer token in the Authorization header",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
      },
    ],
  };
  return coerceOutbound(
    () => new Schemas.ServiceProviderConfig(config, `${context.baseUrl()}/ServiceProviderConfig`),
  );
}

export function schemaList(context: ScimContext): JsonObject {
  const schemas = describeSchemas(context);
  return listResponse(schemas, schemas.length, 1);
}

export function schemaById(context: ScimContext, id: string): JsonObject {
  const schema = describeSchemas(context).find((candidate) => candidate.id === id);
  if (schema === undefined) throw new ScimHttpError(404, undefined, `Schema ${id} not found`);
  return schema;
}

export function resourceTypeList(context: ScimContext): JsonObject {
  const types = describeResourceTypes(context);
  return listResponse(types, types.length, 1);
}

export function resourceTypeById(context: ScimContext, id: string): JsonObject {
  const type = describeResourceTypes(context).find((candidate) => candidate.id === id);
  if (type === undefined) throw new ScimHttpError(404, undefined, `ResourceType ${id} not found`);
  return type;
}

function describeSchemas(context: ScimContext): JsonObject[] {
  ensureEnterpriseExtension();
  const { enterprise, groups } = context.settings.capabilities;
  const base = `${context.baseUrl()}/Schemas`;
  // "dropped" keeps the extension here: django-scim2's static schema files list it although it stores none.
  const schemas = [Schemas.User, ...(enterprise === false ? [] : [Schemas.EnterpriseUser])];
  return [...schemas, ...(groups ? [Schemas.Group] : [])].map((schema) =>
    coerceOutbound(() => schema.definition.describe(base)),
  );
}

function describeResourceTypes(context: ScimContext): JsonObject[] {
  ensureEnterpriseExtension();
  const { enterprise, groups } = context.settings.capabilities;
  const base = `${context.baseUrl()}/ResourceTypes`;
  return [Resources.User, ...(groups ? [Resources.Group] : [])].map((resource) => {
    const described = coerceOutbound(() => new Schemas.ResourceType(resource.describe(), base));
    // scimmy's User schema carries the extension process-wide, so a server without it takes it out here.
    if (enterprise !== true) delete described.schemaExtensions;
    return described;
  });
}
