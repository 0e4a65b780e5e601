import type { LookupFunction } from "node:net";
import type { TargetConfig } from "../config.js";
import type { RetryPolicy, RetryTiming } from "./http-target.js";
import { createHttpTarget } from "./http-target.js";
import { applyScimPlan } from "./scim/apply.js";
import { createScimClient } from "./scim/client.js";
import { loadDirectory } from "./scim/directory.js";
import { createGroupWriter } from "./scim/groups.js";
import type { UserWriter } from "./scim/users.js";
import { createUserWriter } from "./scim/users.js";
import { directoryTarget } from "./directory-target.js";
import { WRITE_LANES } from "./pool.js";
import { RunWarnings } from "./run-warnings.js";
import type { ScimServer } from "./scim/server.js";
import { discoverServer } from "./scim/server.js";
import type { Target, TargetSnapshot } from "./target.js";

export type ScimTargetConfig = Extract<TargetConfig, { type: "scim" }>;

export interface ScimTargetOptions extends RetryTiming {
  /** `count` asked for per list page (default 100); the server may send fewer, which paging follows. */
  readonly pageSize?: number;
  /** Writes queued within one phase (default `WRITE_LANES`); the HTTP edge's adaptive limit decides how many are in flight. */
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
  // Discovery, what the server keeps and the user writer's fallbacks are learnt once per run.
  const warnings = new RunWarnings();
  let session: Promise<{ server: ScimServer; users: UserWriter }> | undefined;
  const start = () =>
    (session ??= discoverServer(client, warnings).then((server) => ({
      server,
      users: createUserWriter(client, server),
    })));
  const target = directoryTarget(
    async () => loadDirectory(client, (await start()).server),
    async (plan, directory) => {
      const { server, users } = await start();
      return applyScimPlan(plan, {
        users,
        groups:
          directory.groups === undefined ? undefined : createGroupWriter(client, server, directory.groups),
        directory,
        server,
        concurrency: options.concurrency ?? WRITE_LANES,
      });
    },
  );
  // What the server keeps can change during the run (a create's answer): each snapshot says it as of now.
  const current = async (snapshot: TargetSnapshot): Promise<TargetSnapshot> => {
    const { support } = (await start()).server;
    return {
      ...snapshot,
      fields: support.fields,
      presumed_fields: support.presumed,
      manager_links: support.managerLinks,
    };
  };
  return {
    ...target,
    load: async () => current(await target.load()),
    loadMatching: async (externalIds, emails) => current(await target.loadMatching(externalIds, emails)),
    takeWarnings: () => warnings.take(),
  };
}
