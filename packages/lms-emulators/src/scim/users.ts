import { isDeepStrictEqual } from "node:util";
import type { JsonObject } from "@hibob-learners/emulator-kit";
import { isJsonObject, toJson } from "@hibob-learners/emulator-kit";
import { isStrict, timestamp } from "./context.js";
import type { ScimContext } from "./context.js";
import { entraCompatPatch, entraCompatResource } from "./entra.js";
import { ScimHttpError } from "./errors.js";
import { applyFilter, compileFilter } from "./filter.js";
import type { IndexHint } from "./filter.js";
import type { ListQuery } from "./list-query.js";
import { pageOf } from "./list-response.js";
import type { ResourcePage } from "./list-response.js";
import { checkUserPatch } from "./patch-support.js";
import { coerceInbound, coerceOutbound, found, metaOf, nonBlank, requireObject } from "./resource-io.js";
import { ENTERPRISE_USER_SCHEMA, Messages, Schemas, userDefinition } from "./scimmy.js";
import type { Types } from "./scimmy.js";
import type { StoredResource } from "./store.js";
import { refuseEnterprise, shapeUser } from "./user-shape.js";

export function getUser(context: ScimContext, id: string): StoredResource {
  return found(context.store.user(id), "User", id);
}

export function listUsers(context: ScimContext, query: ListQuery): ResourcePage {
  const all =
    query.filter === undefined
      ? context.store.users()
      : filtered(context, compileUserFilter(context, query.filter));
  return {
    totalResults: all.length,
    startIndex: query.startIndex,
    records: pageOf(all, query.startIndex, query.count),
  };
}

export function createUser(context: ScimContext, body: unknown): StoredResource {
  const data = inboundUser(context, body);
  checkUser(context, data, undefined);
  const now = timestamp(context);
  const record: StoredResource = { id: context.newId(), data, created: now, lastModified: now, version: 1 };
  context.store.putUser(record);
  return record;
}

export function replaceUser(context: ScimContext, id: string, body: unknown): StoredResource {
  const current = getUser(context, id);
  const data = inboundUser(context, body);
  checkUser(context, data, id);
  return commit(context, current, data);
}

/**
 * PATCH is scimmy's PatchOp applied to the stored user; the finaliser re-coerces the result and runs the same
 * checks as PUT, and nothing is stored unless something the server keeps actually changed. A partial server
 * first refuses what it does not implement (patch-support.ts).
 */
export async function patchUser(
  context: ScimContext,
  id: string,
  body: unknown,
): Promise<{ readonly record: StoredResource; readonly changed: boolean }> {
  const current = getUser(context, id);
  checkUserPatch(context, body);
  const message = requireObject(
    context.settings.entraCompat ? entraCompatPatch(userDefinition(), body) : body,
  );
  let next: JsonObject | undefined;
  const patched: unknown = await new Messages.PatchOp(message as PatchOpBody).apply(
    new Schemas.User(identity(current), "out", usersUrl(context)),
    (instance) => {
      const data = inboundUser(context, toJson(instance));
      checkUser(context, data, id);
      next = data;
      return Promise.resolve({ ...data, id, meta: metaOf(current) });
    },
  );
  // A patch of an attribute the server does not keep changes nothing it stores.
  if (patched === undefined || next === undefined || isDeepStrictEqual(next, current.data)) {
    return { record: current, changed: false };
  }
  return { record: commit(context, current, next), changed: true };
}

export function deleteUser(context: ScimContext, id: string): void {
  getUser(context, id);
  context.store.deleteUser(id, timestamp(context));
}

export function renderUser(
  context: ScimContext,
  record: StoredResource,
  attributes?: Types.Filter,
): JsonObject {
  const groups = context.store.groupsOfUser(record.id).map((group) => ({
    value: group.id,
    $ref: `${context.baseUrl()}/Groups/${group.id}`,
    ...(typeof group.data.displayName === "string" ? { display: group.data.displayName } : {}),
    type: "direct",
  }));
  const data: JsonObject = { ...identity(record), ...(groups.length > 0 ? { groups } : {}) };
  const shown = isStrict(context) ? withManagerDetails(context, data) : data;
  if (attributes !== undefined) {
    return coerceOutbound(() => new Schemas.User(shown, "out", usersUrl(context), attributes));
  }
  return context.renderCache.render(
    record,
    shown,
    usersUrl(context),
    () => new Schemas.User(shown, "out", usersUrl(context)),
  );
}

type PatchOpBody = ConstructorParameters<typeof Messages.PatchOp>[0];

function usersUrl(context: ScimContext): string {
  return `${context.baseUrl()}/Users`;
}

function identity(record: StoredResource): JsonObject {
  return { ...record.data, id: record.id, meta: metaOf(record) };
}

function commit(context: ScimContext, current: StoredResource, data: JsonObject): StoredResource {
  const record = { ...current, data, lastModified: timestamp(context), version: current.version + 1 };
  context.store.putUser(record);
  return record;
}

function inboundUser(context: ScimContext, body: unknown): JsonObject {
  const object = requireObject(body);
  refuseEnterprise(context, object);
  const input = context.settings.entraCompat ? entraCompatResource(userDefinition(), object) : object;
  const data = coerceInbound(() => new Schemas.User(input, "in"));
  delete data.groups;
  // scimmy accepts userName "" although RFC 7643 requires a non-empty value.
  if (isStrict(context)) nonBlank(data, "userName");
  return shapeUser(context, data);
}

function checkUser(context: ScimContext, data: JsonObject, self: string | undefined): void {
  const userName = typeof data.userName === "string" ? data.userName : "";
  const holder = context.store.userIdByUserName(userName);
  // Uniqueness is the server's job in any mode: scimmy has no storage and so no uniqueness check at all.
  if (holder !== undefined && holder !== self) {
    throw new ScimHttpError(409, "uniqueness", `userName '${userName}' is already taken`);
  }
  const manager = managerId(data);
  if (isStrict(context) && manager !== undefined && context.store.user(manager) === undefined) {
    throw new ScimHttpError(
      400,
      "invalidValue",
      `manager.value '${manager}' is not the id of a User on this server (it must be the target's own SCIM id)`,
    );
  }
}

function managerId(data: JsonObject): string | undefined {
  const extension = data[ENTERPRISE_USER_SCHEMA];
  const manager = isJsonObject(extension) ? extension.manager : undefined;
  return isJsonObject(manager) && typeof manager.value === "string" ? manager.value : undefined;
}

/** manager.displayName and $ref are server-owned (RFC 7643 §4.3); fill them from the referenced user. */
function withManagerDetails(context: ScimContext, data: JsonObject): JsonObject {
  const id = managerId(data);
  const extension = data[ENTERPRISE_USER_SCHEMA];
  const manager = id === undefined ? undefined : context.store.user(id);
  if (manager === undefined || !isJsonObject(extension)) return data;
  const name = manager.data.displayName ?? manager.data.userName;
  return {
    ...data,
    [ENTERPRISE_USER_SCHEMA]: {
      ...extension,
      manager: {
        value: manager.id,
        $ref: `${usersUrl(context)}/${manager.id}`,
        ...(name === undefined ? {} : { displayName: name }),
      },
    },
  };
}

function compileUserFilter(context: ScimContext, expression: string): ReturnType<typeof compileFilter> {
  // django-scim2 filters with SQL `=` on a case-sensitive column.
  const exact = context.settings.capabilities.userNameCase === "sensitive" ? ["userName"] : [];
  return compileFilter(expression, userDefinition(), isStrict(context), exact);
}

function filtered(context: ScimContext, compiled: ReturnType<typeof compileFilter>): StoredResource[] {
  const records = candidates(context, compiled.hint);
  const views = records.map((record) => filterView(context, record));
  const byId = new Map(records.map((record) => [record.id, record]));
  return applyFilter(compiled, userDefinition(), views).flatMap((view) => {
    const record = typeof view.id === "string" ? byId.get(view.id) : undefined;
    return record === undefined ? [] : [record];
  });
}

/** Index lookups narrow the candidates; scimmy's matcher still decides, so semantics stay scimmy's. */
function candidates(context: ScimContext, hint: IndexHint | undefined): readonly StoredResource[] {
  const { store } = context;
  const one = (id: string | undefined): StoredResource[] => {
    const record = id === undefined ? undefined : store.user(id);
    return record === undefined ? [] : [record];
  };
  switch (hint?.attribute) {
    case "id":
      return one(hint.value);
    case "userName":
      return one(store.userIdByUserName(hint.value));
    case "externalId":
      return store.userIdsByExternalId(hint.value).flatMap(one);
    default:
      return store.users();
  }
}

function filterView(context: ScimContext, record: StoredResource): JsonObject {
  const groups = context.store.groupsOfUser(record.id).map((group) => ({ value: group.id }));
  return {
    ...record.data,
    id: record.id,
    meta: { resourceType: "User", created: record.created, lastModified: record.lastModified },
    ...(groups.length > 0 ? { groups } : {}),
  };
}
