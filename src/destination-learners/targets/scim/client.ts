import { AnswerRetriesExhausted } from "../../../http/index.js";
import { ConfigError, SystemError } from "../../../protocol/index.js";
import type { HttpAnswer, HttpRequest, HttpTarget } from "../http-target.js";
import { recordWrites } from "../record-writes.js";
import type { DiscoveryAnswers } from "./capabilities.js";
import { discoveryResources } from "./capabilities.js";
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

/** Query parameters of a write, e.g. `excludedAttributes=members` (RFC 7644 §3.9) to keep an answer small. */
export type WriteParams = Readonly<Record<string, string>>;

export interface ScimClient {
  /** Every resource of a type (optionally filtered), following startIndex/itemsPerPage/totalResults. */
  list(type: ScimResourceType, filter?: string): Promise<JsonObject[]>;
  /** Every group, or undefined when the server has no /Groups (404): groups are optional. */
  listGroups(): Promise<JsonObject[] | undefined>;
  create(type: ScimResourceType, resource: JsonObject, params?: WriteParams): Promise<ScimOutcome>;
  get(type: ScimResourceType, id: string): Promise<ScimOutcome>;
  patch(
    type: ScimResourceType,
    id: string,
    operations: readonly PatchOperation[],
    params?: WriteParams,
  ): Promise<ScimOutcome>;
  replace(
    type: ScimResourceType,
    id: string,
    resource: JsonObject,
    params?: WriteParams,
  ): Promise<ScimOutcome>;
  /** /ServiceProviderConfig, /ResourceTypes and /Schemas, each undefined when the server lacks it. */
  discover(): Promise<DiscoveryAnswers>;
}

/** A filter value as a SCIM string literal (RFC 7644 §3.4.2.2 uses JSON string syntax). */
export function filterString(value: string): string {
  return JSON.stringify(value);
}

/**
 * 2xx is the resource; 4xx, 501 ("not supported", RFC 7644 §3.12, e.g. a PATCH of an attribute the server does
 * not keep) and a 5xx still failing after its retries are the server's word on this one resource: the caller
 * rejects the record with the server's own detail, and the sync goes on.
 */
function outcome(answer: HttpAnswer, what: string): ScimOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    return { ok: true, resource: isObject(answer.body) ? answer.body : undefined };
  }
  if (answer.status >= 400) {
    const body = isObject(answer.body) ? answer.body : {};
    const detail =
      typeof body.detail === "string" && body.detail !== "" ? body.detail : `HTTP ${answer.status}`;
    const scimType = typeof body.scimType === "string" ? body.scimType : undefined;
    return { ok: false, status: answer.status, scimType, detail };
  }
  throw new SystemError(`The SCIM server answered ${what} with an unexpected HTTP ${answer.status}.`);
}

const withParams = (request: HttpRequest, params: WriteParams | undefined): HttpRequest =>
  params === undefined ? request : { ...request, params };

export function createScimClient(http: HttpTarget, pageSize: number): ScimClient {
  const sendRecord = recordWrites(http);
  /** A request about one record: a failure is its outcome. */
  const call = async (request: HttpRequest): Promise<ScimOutcome> =>
    outcome(await sendRecord(request), `${request.method} ${request.path}`);
  /** A list page the sync cannot do without: a failure fails the sync, but for 404 and a refused filter. */
  const listPage = async (
    request: HttpRequest,
    filtered: boolean,
  ): Promise<JsonObject | "missing" | "unfiltered"> => {
    let sent: HttpAnswer;
    try {
      sent = await http.send(request);
    } catch (error) {
      // Some servers fail (5xx) a filter they cannot evaluate: read the whole collection instead.
      if (filtered && error instanceof AnswerRetriesExhausted) return "unfiltered";
      throw error;
    }
    const answer = outcome(sent, `${request.method} ${request.path}`);
    if (!answer.ok && answer.status === 404) return "missing";
    // A server without filtering (ServiceProviderConfig filter.supported false) refuses one with a 4xx.
    if (!answer.ok && filtered && answer.status < 500) return "unfiltered";
    if (!answer.ok || answer.resource === undefined) {
      const why = answer.ok ? "an empty body" : `HTTP ${answer.status}: ${answer.detail}`;
      throw new SystemError(`The SCIM server answered ${request.method} ${request.path} with ${why}.`);
    }
    return answer.resource;
  };
  /**
   * Undefined when the collection is not there (404). A filter the server refuses reads the whole collection:
   * callers that filter match what they read themselves.
   */
  const listOrMissing = async (
    type: ScimResourceType,
    filter?: string,
  ): Promise<JsonObject[] | undefined> => {
    const all: JsonObject[] = [];
    let startIndex = 1;
    for (;;) {
      const page = await listPage(
        {
          method: "GET",
          path: `/${type}`,
          params: { startIndex, count: pageSize, ...(filter === undefined ? {} : { filter }) },
        },
        filter !== undefined,
      );
      if (page === "unfiltered") return listOrMissing(type);
      if (page === "missing") return startIndex === 1 ? undefined : all;
      const resources = Array.isArray(page.Resources) ? page.Resources.filter(isObject) : [];
      all.push(...resources);
      const total = typeof page.totalResults === "number" ? page.totalResults : undefined;
      // Servers may cut `count` (maxResults): advance by what came back, never by what was asked for.
      startIndex += resources.length;
      if (resources.length === 0 || total === undefined || startIndex > total) return all;
    }
  };
  /** A discovery endpoint's answer, or undefined for a server without it (any refusal). */
  const discovered = async (path: string): Promise<unknown> => {
    const answer = await http.send({ method: "GET", path });
    return answer.status >= 200 && answer.status < 300 ? answer.body : undefined;
  };

  return {
    async list(type, filter) {
      const all = await listOrMissing(type, filter);
      // No collection where SCIM puts one: the address is wrong, which the admin fixes (check reports FAILED).
      if (all === undefined) {
        throw new ConfigError(
          `The SCIM server has no /${type} (HTTP 404 on GET /${type}): target.base_url looks wrong. Give the ` +
            "LMS's SCIM root, without /Users.",
        );
      }
      return all;
    },
    listGroups: () => listOrMissing("Groups"),
    create: (type, resource, params) =>
      call(withParams({ method: "POST", path: `/${type}`, body: resource }, params)),
    get: (type, id) => call({ method: "GET", path: `/${type}/${encodeURIComponent(id)}` }),
    patch: (type, id, operations, params) =>
      call(
        withParams(
          {
            method: "PATCH",
            path: `/${type}/${encodeURIComponent(id)}`,
            body: { schemas: [PATCH_OP_SCHEMA], Operations: operations },
          },
          params,
        ),
      ),
    replace: (type, id, resource, params) =>
      call(withParams({ method: "PUT", path: `/${type}/${encodeURIComponent(id)}`, body: resource }, params)),
    async discover() {
      const [config, types, schemas] = await Promise.all([
        discovered("/ServiceProviderConfig"),
        discovered("/ResourceTypes"),
        discovered("/Schemas"),
      ]);
      return {
        serviceProviderConfig: isObject(config) ? config : undefined,
        resourceTypes: discoveryResources(types),
        schemas: discoveryResources(schemas),
      };
    },
  };
}
