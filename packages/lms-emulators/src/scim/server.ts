import { randomUUID } from "node:crypto";
import { systemClock } from "@hibob-learners/emulator-kit";
import type { Clock } from "@hibob-learners/emulator-kit";
import { ADMIN_PREFIX } from "@hibob-learners/emulator-kit";
import { createControls, emulatorHandle, type EmulatorHandle } from "@hibob-learners/emulator-kit";
import type { FaultSpec } from "@hibob-learners/emulator-kit";
import type { JsonObject } from "@hibob-learners/emulator-kit";
import type { RateLimit } from "@hibob-learners/emulator-kit";
import { startEmulatorServer } from "@hibob-learners/emulator-kit";
import { resolveCapabilities } from "./capabilities.js";
import type { ScimCapabilities, ScimCapabilityOptions } from "./capabilities.js";
import type { ScimContext, ScimMode } from "./context.js";
import { scimError } from "./errors.js";
import { createGroup, renderGroup } from "./groups.js";
import { createRenderCache } from "./render-cache.js";
import { createScimApi } from "./router.js";
import { ensureEnterpriseExtension } from "./scimmy.js";
import { createScimStore, memberIds } from "./store.js";
import { createUser, renderUser } from "./users.js";

/** Partial-server options (groups, patch, enterprise, keeps…) come from ScimCapabilityOptions. */
export interface ScimEmulatorOptions extends ScimCapabilityOptions {
  /** Bearer token clients must send (default "scim-emulator-token"). */
  readonly token?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  /** Default "/scim/v2". */
  readonly basePath?: string | undefined;
  /** Default "strict"; "scimmy" leaves scimmy's quirks in (see docs/target-emulators.md). */
  readonly mode?: ScimMode | undefined;
  /** Accept Entra ID's "True"/"False" string booleans. Default false. */
  readonly entraCompat?: boolean | undefined;
  /** Default 100. */
  readonly defaultPageSize?: number | undefined;
  /** Default 200; larger `count` values are cut to this. */
  readonly maxPageSize?: number | undefined;
  /** Off unless given. */
  readonly rateLimit?: RateLimit | undefined;
  /** Every API answer takes this long (ms), as a real platform's does; 0 (the default) answers at once. */
  readonly latencyMs?: number | undefined;
  readonly faults?: readonly FaultSpec[] | undefined;
  readonly clock?: Clock | undefined;
  /** Id generator for new resources (default random UUIDs). */
  readonly newId?: (() => string) | undefined;
}

/** Read access to what the server holds, rendered exactly as a GET would return it. */
export interface ScimUsersHandle {
  list(): JsonObject[];
  get(id: string): JsonObject | undefined;
  /** Follows the server's own uniqueness rule: case-insensitive unless userNameCase is "sensitive". */
  byUserName(userName: string): JsonObject | undefined;
  byExternalId(externalId: string): JsonObject[];
  count(): number;
  /** Seeds a user through the same validation as POST /Users (no request is counted). */
  add(resource: JsonObject): JsonObject;
}

export interface ScimGroupsHandle {
  list(): JsonObject[];
  get(id: string): JsonObject | undefined;
  byDisplayName(displayName: string): JsonObject | undefined;
  /** Member ids of the group with this id or displayName; [] when there is no such group. */
  memberIds(idOrDisplayName: string): string[];
  count(): number;
  add(resource: JsonObject): JsonObject;
}

/** Data handles beside the shared controls (faults, rate limit, counters, reset, close). */
export interface ScimEmulator extends EmulatorHandle {
  /** e.g. http://127.0.0.1:40123/scim/v2 — what a SCIM client is configured with. */
  readonly baseUrl: string;
  /** e.g. http://127.0.0.1:40123/_emulator */
  readonly adminUrl: string;
  readonly token: string;
  readonly users: ScimUsersHandle;
  readonly groups: ScimGroupsHandle;
  /** What this server supports, after defaults: tests can branch on it. */
  readonly capabilities: ScimCapabilities;
}

export async function startScimEmulator(options: ScimEmulatorOptions = {}): Promise<ScimEmulator> {
  ensureEnterpriseExtension();
  const basePath = options.basePath ?? "/scim/v2";
  const clock = options.clock ?? systemClock;
  let baseUrl = "";
  const capabilities = resolveCapabilities(options);
  const store = createScimStore({ userNameCaseSensitive: capabilities.userNameCase === "sensitive" });
  const context: ScimContext = {
    store,
    renderCache: createRenderCache(),
    clock,
    newId: options.newId ?? randomUUID,
    baseUrl: () => baseUrl,
    settings: {
      mode: options.mode ?? "strict",
      entraCompat: options.entraCompat ?? false,
      token: options.token ?? "scim-emulator-token",
      defaultPageSize: options.defaultPageSize ?? 100,
      maxPageSize: options.maxPageSize ?? 200,
      capabilities,
    },
  };
  const controls = createControls({
    clock,
    rateLimit: options.rateLimit,
    latencyMs: options.latencyMs,
    faults: options.faults,
  });
  const snapshot = (): JsonObject => ({
    users: store.users().map((record) => renderUser(context, record)),
    groups: store.groups().map((record) => renderGroup(context, record)),
  });
  const server = await startEmulatorServer({
    host: options.host,
    port: options.port,
    basePath,
    api: createScimApi(context),
    controls,
    admin: {
      snapshot,
      resetData: () => {
        store.reset();
      },
    },
    errorResponse: (status, detail, headers) => scimError(status, detail, undefined, headers),
  });
  baseUrl = `${server.origin}${basePath}`;

  const user = (id: string | undefined): JsonObject | undefined => {
    const record = id === undefined ? undefined : store.user(id);
    return record === undefined ? undefined : renderUser(context, record);
  };
  const groupId = (idOrName: string): string | undefined =>
    store.group(idOrName) === undefined ? store.groupIdByDisplayName(idOrName) : idOrName;

  return {
    baseUrl,
    adminUrl: `${server.origin}${ADMIN_PREFIX}`,
    token: context.settings.token,
    capabilities,
    users: {
      list: () => store.users().map((record) => renderUser(context, record)),
      get: (id) => user(id),
      byUserName: (userName) => user(store.userIdByUserName(userName)),
      byExternalId: (externalId) =>
        store.userIdsByExternalId(externalId).flatMap((id) => {
          const found = user(id);
          return found === undefined ? [] : [found];
        }),
      count: () => store.userCount(),
      add: (resource) => renderUser(context, createUser(context, resource)),
    },
    groups: {
      list: () => store.groups().map((record) => renderGroup(context, record)),
      get: (id) => {
        const record = store.group(id);
        return record === undefined ? undefined : renderGroup(context, record);
      },
      byDisplayName: (displayName) => {
        const record = store.group(store.groupIdByDisplayName(displayName) ?? "");
        return record === undefined ? undefined : renderGroup(context, record);
      },
      memberIds: (idOrDisplayName) => {
        const record = store.group(groupId(idOrDisplayName) ?? "");
        return record === undefined ? [] : memberIds(record.data);
      },
      count: () => store.groupCount(),
      add: (resource) => renderGroup(context, createGroup(context, resource)),
    },
    ...emulatorHandle(
      controls,
      () => {
        store.reset();
      },
      () => server.close(),
    ),
  };
}
