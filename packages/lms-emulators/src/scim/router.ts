import type { ApiHandler, EmulatorRequest, EmulatorResponse } from "@hibob-learners/emulator-kit";
import { bearerToken } from "@hibob-learners/emulator-kit";
import type { JsonObject } from "@hibob-learners/emulator-kit";
import { isJsonObject, parseJson } from "@hibob-learners/emulator-kit";
import { isStrict } from "./context.js";
import type { ScimContext } from "./context.js";
import {
  resourceTypeById,
  resourceTypeList,
  schemaById,
  schemaList,
  serviceProviderConfig,
} from "./discovery.js";
import { SCIM_CONTENT_TYPE, ScimHttpError, scimError, toScimHttpError } from "./errors.js";
import {
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  patchGroup,
  renderGroup,
  replaceGroup,
} from "./groups.js";
import { parseAttributes, parseListQuery } from "./list-query.js";
import { listResponse } from "./list-response.js";
import type { ResourcePage } from "./list-response.js";
import type { Types } from "./scimmy.js";
import type { StoredResource } from "./store.js";
import { createUser, deleteUser, getUser, listUsers, patchUser, renderUser, replaceUser } from "./users.js";

/** Routes below the SCIM base path. Every endpoint needs the bearer token, discovery included. */
export function createScimApi(context: ScimContext): ApiHandler {
  const statusAs = context.settings.capabilities.errorStatus;
  return async (request) => {
    if (bearerToken(request) !== context.settings.token) {
      const challenge = { "www-authenticate": 'Bearer realm="scim-emulator"' };
      return scimError(401, "missing or invalid bearer token", undefined, challenge, statusAs);
    }
    try {
      return await route(context, request);
    } catch (error) {
      const problem = toScimHttpError(error);
      return scimError(problem.status, problem.message, problem.scimType, {}, statusAs);
    }
  };
}

async function route(context: ScimContext, request: EmulatorRequest): Promise<EmulatorResponse> {
  const [collection, id, ...rest] = request.path.split("/").filter((segment) => segment !== "");
  if (rest.length > 0 || collection === undefined) throw notFound(request);
  const method = request.method;
  switch (collection) {
    case "Users":
      return resources(context, request, id, userEndpoints);
    case "Groups":
      // A server without groups has no such endpoint at all (groups: false).
      if (!context.settings.capabilities.groups) throw notFound(request);
      return resources(context, request, id, groupEndpoints);
    case "ServiceProviderConfig":
      if (method !== "GET" || id !== undefined) throw notAllowed(request);
      return scim(200, serviceProviderConfig(context));
    case "Schemas":
      if (method !== "GET") throw notAllowed(request);
      return scim(200, id === undefined ? schemaList(context) : schemaById(context, id));
    case "ResourceTypes":
      if (method !== "GET") throw notAllowed(request);
      return scim(200, id === undefined ? resourceTypeList(context) : resourceTypeById(context, id));
    case "Bulk":
      throw new ScimHttpError(
        501,
        undefined,
        "bulk operations are not supported (see /ServiceProviderConfig)",
      );
    default:
      throw notFound(request);
  }
}

interface Endpoints {
  readonly kind: string;
  list(context: ScimContext, query: ReturnType<typeof parseListQuery>): ResourcePage;
  get(context: ScimContext, id: string): StoredResource;
  create(context: ScimContext, body: unknown): StoredResource;
  replace(context: ScimContext, id: string, body: unknown): StoredResource;
  patch(
    context: ScimContext,
    id: string,
    body: unknown,
  ): Promise<{ record: StoredResource; changed: boolean }>;
  remove(context: ScimContext, id: string): void;
  render(context: ScimContext, record: StoredResource, attributes?: Types.Filter): JsonObject;
}

const userEndpoints: Endpoints = {
  kind: "Users",
  list: listUsers,
  get: getUser,
  create: createUser,
  replace: replaceUser,
  patch: patchUser,
  remove: deleteUser,
  render: renderUser,
};

const groupEndpoints: Endpoints = {
  kind: "Groups",
  list: listGroups,
  get: getGroup,
  create: createGroup,
  replace: replaceGroup,
  patch: patchGroup,
  remove: deleteGroup,
  render: renderGroup,
};

async function resources(
  context: ScimContext,
  request: EmulatorRequest,
  id: string | undefined,
  endpoints: Endpoints,
): Promise<EmulatorResponse> {
  const attributes = (): Types.Filter | undefined => parseAttributes(request.query);
  if (id === undefined) {
    switch (request.method) {
      case "GET": {
        const query = parseListQuery(request.query, context.settings);
        const page = endpoints.list(context, query);
        const shown = page.records.map((record) => endpoints.render(context, record, query.attributes));
        return scim(200, listResponse(shown, page.totalResults, page.startIndex));
      }
      case "POST": {
        const created = endpoints.render(context, endpoints.create(context, body(request)));
        const meta = created.meta;
        const location = isJsonObject(meta) && typeof meta.location === "string" ? meta.location : undefined;
        return scim(201, created, location === undefined ? {} : { location });
      }
      default:
        throw notAllowed(request);
    }
  }
  switch (request.method) {
    case "GET":
      return scim(200, endpoints.render(context, endpoints.get(context, id), attributes()));
    case "PUT":
      return scim(
        200,
        endpoints.render(context, endpoints.replace(context, id, body(request)), attributes()),
      );
    case "PATCH": {
      if (!context.settings.capabilities.patch) {
        throw new ScimHttpError(501, undefined, "PATCH is not supported (see /ServiceProviderConfig)");
      }
      const { record, changed } = await endpoints.patch(context, id, body(request));
      // scimmy-routers answers 204 when a PATCH changes nothing; RFC 7644 §3.5.2 allows either.
      if (!changed && !isStrict(context)) return { status: 204 };
      return scim(200, endpoints.render(context, record, attributes()));
    }
    case "DELETE":
      endpoints.remove(context, id);
      return { status: 204 };
    default:
      throw notAllowed(request);
  }
}

function body(request: EmulatorRequest): unknown {
  const parsed = parseJson(request.body);
  if (!parsed.ok)
    throw new ScimHttpError(400, "invalidSyntax", `request body is not valid JSON: ${parsed.error}`);
  if (parsed.value === undefined) throw new ScimHttpError(400, "invalidSyntax", "request body is missing");
  return parsed.value;
}

function scim(
  status: number,
  payload: JsonObject,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "content-type": SCIM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(payload),
  };
}

function notFound(request: EmulatorRequest): ScimHttpError {
  return new ScimHttpError(404, undefined, `no SCIM endpoint at ${request.path}`);
}

function notAllowed(request: EmulatorRequest): ScimHttpError {
  return new ScimHttpError(405, undefined, `${request.method} is not supported on ${request.path}`);
}
