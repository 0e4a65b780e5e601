import type { LookupFunction } from "node:net";
import type { TargetConfig } from "../config.js";
import type { RetryPolicy, RetryTiming } from "./http-target.js";
import { createHttpTarget } from "./http-target.js";
import { applyScimPlan } from "./scim/apply.js";
import { createScimClient } from "./scim/client.js";
import { loadDirectory } from "./scim/directory.js";
import { createGroupWriter } from "./scim/groups.js";
import { createUserWriter } from "./scim/users.js";
import { directoryTarget } from "./directory-target.js";
import type { Target } from "./target.js";

export type ScimTargetConfig = Extract<TargetConfig, { type: "scim" }>;

export interface ScimTargetOptions extends RetryTiming {
  /** `count` asked for per list page (default 100); the server may send fewer, which paging follows. */
  readonly pageSize?: number;
  /** Writes in flight within one phase (default 4). */
  readonly concurrency?: number;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** Resolves an http base_url's host; injected by tests. */
  readonly lookup?: LookupFunction;
}

/**
 * Any SCIM 2.0 LMS (RFC 7643/7644). A learner is a User (ref = its SCIM id, externalId = the Bob id, userName =
 * the email) with the enterprise extension; a course is a Group.
 */
export function openScimTarget(config: ScimTargetConfig, options: ScimTargetOptions = {}): Target {
  const http = createHttpTarget({
    baseUrl: config.base_url,
    urlField: "target.base_url",
    ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
    peer: "The SCIM server",
    authorization: () => Promise.resolve(`Bearer ${config.token}`),
    credentialFields: "target.token (the SCIM bearer token) and target.base_url",
    mediaType: "application/scim+json",
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry === undefined ? {} : { policy: options.retry }),
    timing: options,
  });
  const client = createScimClient(http, options.pageSize ?? 100);
  return directoryTarget(
    () => loadDirectory(client),
    (plan, directory) =>
      applyScimPlan(plan, {
        users: createUserWriter(client),
        groups: createGroupWriter(client, directory),
        directory,
        concurrency: options.concurrency ?? 4,
      }),
  );
}
