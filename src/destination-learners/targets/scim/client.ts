import { ConfigError, SystemError } from "../../../protocol/index.js";
import type { HttpAnswer, HttpRequest, HttpTarget } from "../http-target.js";
import type { JsonObject, PatchOperation } from "./user-resource.js";
import { isObject, PATCH_OP_SCHEMA } from "./user-resource.js";

export type ScimResourceType = "Users" | "Groups";

/** A SCIM answer the caller acts on: the resource, or a per-record error (RFC 7644 §3.12) with its detail. */
export type ScimOutcome =
  | { readonly ok: true; readonly resource: JsonObject | undefined }
  | {
      readonly ok: false;
      readonly status: number;
      readonly scimType: string | undefined;
      readonly detail: string;
    };

export interface ScimClient {
  /** Every resource of a type (optionally filtered), following startIndex/itemsPerPage/totalResults. */
  list(type: ScimResourceType, filter?: string): Promise<JsonObject[]>;
  create(type: ScimResourceType, resource: JsonObject): Promise<ScimOutcome>;
  get(type: ScimResourceType, id: string): Promise<ScimOutcome>;
  patch(type: ScimResourceType, id: string, operations: readonly PatchOperation[]): Promise<ScimOutcome>;
  replace(type: ScimResourceType, id: string, resource: JsonObject): Promise<ScimOutcome>;
  /** What /ServiceProviderConfig says of PATCH; asked once. A server without the endpoint is taken to have it. */
  supportsPatch(): Promise<boolean>;
}

/** A filter value as a SCIM string literal (RFC 7644 §3.4.2.2 uses JSON string syntax). */
export function filterString(value: string): string {
  return JSON.stringify(value);
}

function outcome(answer: HttpAnswer, what: string): ScimOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    return { ok: true, resource: isObject(answer.body) ? answer.body : undefined };
  }
  // 4xx and 501 ("not supported", RFC 7644 §3.12, e.g. a PATCH of an attribute the server does not keep) are
  // the server's word on this one resource: the caller rejects the record, the sync goes on.
  if ((answer.status >= 400 && answer.status < 500) || answer.status === 501) {
    const body = isObject(answer.body) ? answer.body : {};
    const detail = typeof body.detail === "string" ? body.detail : `HTTP ${answer.status}`;
    const scimType = typeof body.scimType === "string" ? body.scimType : undefined;
    return { ok: false, status: answer.status, scimType, detail };
  }
  throw new SystemError(`The SCIM server answered ${what} with an unexpected HTTP ${answer.status}.`);
}

export function createScimClient(http: HttpTarget, pageSize: number): ScimClient {
  let patchSupport: Promise<boolean> | undefined;
  const call = async (request: HttpRequest): Promise<ScimOutcome> =>
    outcome(await http.send(request), `${request.method} ${request.path}`);
  const required = async (request: HttpRequest): Promise<JsonObject> => {
    const answer = await call(request);
    // No collection where SCIM puts one: the address is wrong, which the admin fixes (check reports FAILED).
    if (!answer.ok && answer.status === 404) {
      throw new ConfigError(
        `The SCIM server has no ${request.path} (HTTP 404 on ${request.method} ${request.path}): target.base_url ` +
          "looks wrong. Give the LMS's SCIM root, without /Users.",
      );
    }
    if (!answer.ok || answer.resource === undefined) {
      const why = answer.ok ? "an empty body" : `HTTP ${answer.status}: ${answer.detail}`;
      throw new SystemError(`The SCIM server answered ${request.method} ${request.path} with ${why}.`);
    }
    return answer.resource;
  };

  return {
    async list(type, filter) {
      const all: JsonObject[] = [];
      let startIndex = 1;
      for (;;) {
        const page = await required({
          method: "GET",
          path: `/${type}`,
          params: { startIndex, count: pageSize, ...(filter === undefined ? {} : { filter }) },
        });
        const resources = Array.isArray(page.Resources) ? page.Resources.filter(isObject) : [];
        all.push(...resources);
        const total = typeof page.totalResults === "number" ? page.totalResults : undefined;
        // Servers may cut `count` (maxResults): advance by what came back, never by what was asked for.
        startIndex += resources.length;
        if (resources.length === 0 || total === undefined || startIndex > total) return all;
      }
    },
    create: (type, resource) => call({ method: "POST", path: `/${type}`, body: resource }),
    get: (type, id) => call({ method: "GET", path: `/${type}/${encodeURIComponent(id)}` }),
    patch: (type, id, operations) =>
      call({
        method: "PATCH",
        path: `/${type}/${encodeURIComponent(id)}`,
        body: { schemas: [PATCH_OP_SCHEMA], Operations: operations },
      }),
    replace: (type, id, resource) =>
      call({ method: "PUT", path: `/${type}/${encodeURIComponent(id)}`, body: resource }),
    supportsPatch() {
      patchSupport ??= call({ method: "GET", path: "/ServiceProviderConfig" }).then((answer) => {
        if (!answer.ok || answer.resource === undefined) return true;
        const patch = answer.resource.patch;
        return !isObject(patch) || patch.supported !== false;
      });
      return patchSupport;
    },
  };
}
