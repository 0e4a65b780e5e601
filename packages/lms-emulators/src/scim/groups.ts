import type { JsonObject } from "@hibob-learners/emulator-kit";
import { toJson } from "@hibob-learners/emulator-kit";
import { isStrict, timestamp } from "./context.js";
import type { ScimContext } from "./context.js";
import { ScimHttpError } from "./errors.js";
import { applyFilter, compileFilter } from "./filter.js";
import type { CompiledFilter, IndexHint } from "./filter.js";
import type { ListQuery } from "./list-query.js";
import { pageOf } from "./list-response.js";
import type { ResourcePage } from "./list-response.js";
import { coerceInbound, coerceOutbound, found, metaOf, nonBlank, requireObject } from "./resource-io.js";
import { groupDefinition, Messages, Schemas } from "./scimmy.js";
import type { Types } from "./scimmy.js";
import { memberIds } from "./store.js";
import type { StoredResource } from "./store.js";

/** Groups are how SCIM expresses course assignment: one group per course, learners as members. */
export function getGroup(context: ScimContext, id: string): StoredResource {
  return found(context.store.group(id), "Group", id);
}

export function listGroups(context: ScimContext, query: ListQuery): ResourcePage {
  const all =
    query.filter === undefined
      ? context.store.groups()
      : filtered(context, compileFilter(query.filter, groupDefinition(), isStrict(context)));
  return {
    totalResults: all.length,
    startIndex: query.startIndex,
    records: pageOf(all, query.startIndex, query.count),
  };
}

export function createGroup(context: ScimContext, body: unknown): StoredResource {
  // Reached only through the handle's groups.add: the router answers 404 for /Groups first.
  if (!context.settings.capabilities.groups) {
    throw new ScimHttpError(404, undefined, "this server has no Groups (groups: false)");
  }
  const data = inboundGroup(context, body);
  checkGroup(context, data, undefined);
  const now = timestamp(context);
  const record: StoredResource = { id: context.newId(), data, created: now, lastModified: now, version: 1 };
  context.store.putGroup(record);
  return record;
}

export function replaceGroup(context: ScimContext, id: string, body: unknown): StoredResource {
  const current = getGroup(context, id);
  const data = inboundGroup(context, body);
  checkGroup(context, data, id);
  return commit(context, current, data);
}

export async function patchGroup(
  context: ScimContext,
  id: string,
  body: unknown,
): Promise<{ readonly record: StoredResource; readonly changed: boolean }> {
  const current = getGroup(context, id);
  let next: JsonObject | undefined;
  const patched: unknown = await new Messages.PatchOp(requireObject(body) as PatchOpBody).apply(
    new Schemas.Group(identity(current), "out", groupsUrl(context)),
    (instance) => {
      const data = inboundGroup(context, toJson(instance));
      checkGroup(context, data, id);
      next = data;
      return Promise.resolve({ ...data, id, meta: metaOf(current) });
    },
  );
  if (patched === undefined || next === undefined) return { record: current, changed: false };
  return { record: commit(context, current, next), changed: true };
}

export function deleteGroup(context: ScimContext, id: string): void {
  getGroup(context, id);
  context.store.deleteGroup(id);
}

export function renderGroup(
  context: ScimContext,
  record: StoredResource,
  attributes?: Types.Filter,
): JsonObject {
  const data = identity(record);
  if (attributes !== undefined) {
    return coerceOutbound(() => new Schemas.Group(data, "out", groupsUrl(context), attributes));
  }
  return context.renderCache.render(
    record,
    data,
    groupsUrl(context),
    () => new Schemas.Group(data, "out", groupsUrl(context)),
  );
}

type PatchOpBody = ConstructorParameters<typeof Messages.PatchOp>[0];

function groupsUrl(context: ScimContext): string {
  return `${context.baseUrl()}/Groups`;
}

function identity(record: StoredResource): JsonObject {
  return { ...record.data, id: record.id, meta: metaOf(record) };
}

function commit(context: ScimContext, current: StoredResource, data: JsonObject): StoredResource {
  const record = { ...current, data, lastModified: timestamp(context), version: current.version + 1 };
  context.store.putGroup(record);
  return record;
}

function inboundGroup(context: ScimContext, body: unknown): JsonObject {
  const object = requireObject(body);
  const data = coerceInbound(() => new Schemas.Group(object, "in"));
  if (isStrict(context)) nonBlank(data, "displayName");
  return data;
}

function checkGroup(context: ScimContext, data: JsonObject, self: string | undefined): void {
  const name = typeof data.displayName === "string" ? data.displayName : "";
  const holder = context.store.groupIdByDisplayName(name);
  // A course is one group: a second group with the same name is what a retried create would leave behind.
  if (holder !== undefined && holder !== self) {
    throw new ScimHttpError(409, "uniqueness", `a Group named '${name}' already exists`);
  }
  if (!isStrict(context)) return;
  const unknown = memberIds(data).find(
    (id) => context.store.user(id) === undefined && context.store.group(id) === undefined,
  );
  if (unknown !== undefined) {
    throw new ScimHttpError(
      400,
      "invalidValue",
      `member '${unknown}' is not the id of a User or Group on this server`,
    );
  }
}

function filtered(context: ScimContext, compiled: CompiledFilter): StoredResource[] {
  const records = candidates(context, compiled.hint);
  const byId = new Map(records.map((record) => [record.id, record]));
  const views = records.map((record) => ({
    ...record.data,
    id: record.id,
    meta: { resourceType: "Group", created: record.created, lastModified: record.lastModified },
  }));
  return applyFilter(compiled, groupDefinition(), views).flatMap((view) => {
    const record = typeof view.id === "string" ? byId.get(view.id) : undefined;
    return record === undefined ? [] : [record];
  });
}

function candidates(context: ScimContext, hint: IndexHint | undefined): readonly StoredResource[] {
  const one = (id: string | undefined): StoredResource[] => {
    const record = id === undefined ? undefined : context.store.group(id);
    return record === undefined ? [] : [record];
  };
  switch (hint?.attribute) {
    case "id":
      return one(hint.value);
    case "displayName":
      return one(context.store.groupIdByDisplayName(hint.value));
    default:
      return context.store.groups();
  }
}
