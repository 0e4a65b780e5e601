import type { JsonObject, JsonValue } from "@hibob-learners/emulator-kit";

/** A resource as kept: the client-writable attributes plus the server-owned identity and meta. */
export interface StoredResource {
  readonly id: string;
  /** Attributes after scimmy's inbound coercion, without id, meta and read-only derived attributes. */
  readonly data: JsonObject;
  readonly created: string;
  readonly lastModified: string;
  readonly version: number;
}

/**
 * In-memory users and groups with the indexes the emulator needs to stay fast at benchmark sizes:
 * userName and group displayName (case-insensitive: both are caseExact=false in RFC 7643), externalId, and
 * the user → groups membership. Insertion order is kept, so list pages are stable.
 * `userNameCaseSensitive` keys userName exactly, as django-scim2 on Postgres does (a unique, case-sensitive
 * column), so "Ana@X.com" and "ana@x.com" are two users.
 */
export interface ScimStore {
  user(id: string): StoredResource | undefined;
  group(id: string): StoredResource | undefined;
  users(): readonly StoredResource[];
  groups(): readonly StoredResource[];
  userCount(): number;
  groupCount(): number;
  userIdByUserName(userName: string): string | undefined;
  userIdsByExternalId(externalId: string): readonly string[];
  groupIdByDisplayName(displayName: string): string | undefined;
  groupsOfUser(userId: string): readonly StoredResource[];
  putUser(record: StoredResource): void;
  putGroup(record: StoredResource): void;
  /** Removes the user and their memberships; `now` stamps the groups that lose a member. */
  deleteUser(id: string, now: string): void;
  deleteGroup(id: string): void;
  reset(): void;
}

export function createScimStore(options: { readonly userNameCaseSensitive?: boolean } = {}): ScimStore {
  const userKey = (value: JsonValue | undefined): string | undefined =>
    options.userNameCaseSensitive === true ? text(value) : fold(value);
  const users = new Map<string, StoredResource>();
  const groups = new Map<string, StoredResource>();
  const byUserName = new Map<string, string>();
  const byExternalId = new Map<string, Set<string>>();
  const byDisplayName = new Map<string, string>();
  const membership = new Map<string, Set<string>>();

  const unindexUser = (record: StoredResource): void => {
    const name = userKey(record.data.userName);
    if (name !== undefined && byUserName.get(name) === record.id) byUserName.delete(name);
    const external = text(record.data.externalId);
    if (external !== undefined) byExternalId.get(external)?.delete(record.id);
  };
  const unindexGroup = (record: StoredResource): void => {
    const name = fold(record.data.displayName);
    if (name !== undefined && byDisplayName.get(name) === record.id) byDisplayName.delete(name);
    for (const member of memberIds(record.data)) membership.get(member)?.delete(record.id);
  };

  return {
    user: (id) => users.get(id),
    group: (id) => groups.get(id),
    users: () => [...users.values()],
    groups: () => [...groups.values()],
    userCount: () => users.size,
    groupCount: () => groups.size,
    userIdByUserName: (userName) => byUserName.get(userKey(userName) ?? ""),
    userIdsByExternalId: (externalId) => [...(byExternalId.get(externalId) ?? [])],
    groupIdByDisplayName: (displayName) => byDisplayName.get(displayName.toLowerCase()),
    groupsOfUser: (userId) =>
      [...(membership.get(userId) ?? [])].flatMap((groupId) => {
        const group = groups.get(groupId);
        return group === undefined ? [] : [group];
      }),
    putUser(record) {
      const previous = users.get(record.id);
      if (previous !== undefined) unindexUser(previous);
      users.set(record.id, record);
      const name = userKey(record.data.userName);
      if (name !== undefined) byUserName.set(name, record.id);
      const external = text(record.data.externalId);
      if (external !== undefined) {
        const ids = byExternalId.get(external) ?? new Set<string>();
        ids.add(record.id);
        byExternalId.set(external, ids);
      }
    },
    putGroup(record) {
      const previous = groups.get(record.id);
      if (previous !== undefined) unindexGroup(previous);
      groups.set(record.id, record);
      const name = fold(record.data.displayName);
      if (name !== undefined) byDisplayName.set(name, record.id);
      for (const member of memberIds(record.data)) {
        const ids = membership.get(member) ?? new Set<string>();
        ids.add(record.id);
        membership.set(member, ids);
      }
    },
    deleteUser(id, now) {
      const record = users.get(id);
      if (record === undefined) return;
      unindexUser(record);
      users.delete(id);
      for (const groupId of membership.get(id) ?? []) {
        const group = groups.get(groupId);
        if (group === undefined) continue;
        const members = membersOf(group.data).filter((member) => member.value !== id);
        const data: JsonObject = { ...group.data, members };
        if (members.length === 0) delete data.members;
        groups.set(groupId, { ...group, data, lastModified: now, version: group.version + 1 });
      }
      membership.delete(id);
    },
    deleteGroup(id) {
      const record = groups.get(id);
      if (record === undefined) return;
      unindexGroup(record);
      groups.delete(id);
    },
    reset() {
      for (const map of [users, groups, byUserName, byExternalId, byDisplayName, membership]) map.clear();
    },
  };
}

export function memberIds(data: JsonObject): string[] {
  return membersOf(data).flatMap((member) => (typeof member.value === "string" ? [member.value] : []));
}

function membersOf(data: JsonObject): { readonly value?: JsonValue }[] {
  const members = data.members;
  if (!Array.isArray(members)) return [];
  return members.flatMap((member) =>
    typeof member === "object" && member !== null && !Array.isArray(member) ? [member] : [],
  );
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function fold(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}
