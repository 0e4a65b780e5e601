import type { ScimClient, ScimOutcome } from "./client.js";
import { filterString } from "./client.js";
import type { CourseGroup, ScimDirectory } from "./directory.js";
import { foldName, memberIdsOf } from "./directory.js";
import type { ScimServer } from "./server.js";
import type { JsonObject } from "./user-resource.js";
import { GROUP_SCHEMA } from "./capabilities.js";
import { refusedReason } from "./users.js";

/** Per member: added, already there, or refused with a reason. */
export type Membership =
  { readonly ok: true; readonly added: boolean } | { readonly ok: false; readonly reason: string };

/** Members added per request: one operation may carry many (RFC 7644 §3.5.2.1); servers cap a body's size. */
export const MEMBERS_PER_REQUEST = 100;

/** Answers without the member list (RFC 7644 §3.9): a course group of 10,000 would be sent back each time. */
const WITHOUT_MEMBERS = { excludedAttributes: "members" };

function toCourseGroup(group: JsonObject | undefined): CourseGroup | undefined {
  if (group === undefined || typeof group.id !== "string") return undefined;
  return { id: group.id, members: memberIdsOf(group) };
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/**
 * Courses are Groups (SCIM has no course assignment; the LMS maps groups to courses). A missing group is created
 * once; a create that meets 409 (another run, a lost answer) finds the group instead. Members are added many per
 * request: PATCH `add` (never rewriting the member list), or GET + PUT of the whole list on a server without
 * PATCH; a refused request is retried member by member, so one bad member is one reject.
 */
export function createGroupWriter(
  client: ScimClient,
  server: ScimServer,
  groups: NonNullable<ScimDirectory["groups"]>,
) {
  const pending = new Map<string, Promise<CourseGroup | string>>();

  const find = async (name: string): Promise<CourseGroup | undefined> => {
    const matches = (group: JsonObject) =>
      typeof group.displayName === "string" && foldName(group.displayName) === foldName(name);
    const filtered = await client.list("Groups", `displayName eq ${filterString(name)}`);
    return toCourseGroup(filtered.find(matches) ?? (await client.list("Groups")).find(matches));
  };

  const ensure = async (name: string): Promise<CourseGroup | string> => {
    const known = groups.get(foldName(name));
    if (known !== undefined) return known;
    const created = await client.create("Groups", {
      schemas: [GROUP_SCHEMA],
      displayName: name,
      members: [],
    });
    const group = created.ok
      ? toCourseGroup(created.resource)
      : created.status === 409
        ? await find(name)
        : undefined;
    if (group === undefined) {
      return created.ok ? "the SCIM server created the group but returned no id" : refusedReason(created);
    }
    groups.set(foldName(name), group);
    return group;
  };

  /** One request adding `ids` to the group. */
  const send = async (group: CourseGroup, ids: readonly string[]): Promise<ScimOutcome> => {
    const value = ids.map((id) => ({ value: id }));
    if (server.capabilities.patch) {
      return client.patch("Groups", group.id, [{ op: "add", path: "members", value }], WITHOUT_MEMBERS);
    }
    const current = await client.get("Groups", group.id);
    if (!current.ok) return current;
    // A PUT built from nothing would drop every member the group has.
    if (current.resource === undefined) {
      return {
        ok: false,
        status: 502,
        scimType: undefined,
        detail: "the SCIM server returned an empty group",
      };
    }
    const held = [...memberIdsOf(current.resource)].map((id) => ({ value: id }));
    const { meta: _meta, ...resource } = current.resource;
    return client.replace("Groups", group.id, { ...resource, members: [...held, ...value] }, WITHOUT_MEMBERS);
  };

  /** Adds `ids`, splitting a refused request member by member. */
  const add = async (
    group: CourseGroup,
    ids: readonly string[],
    course: string,
  ): Promise<Map<string, Membership>> => {
    const results = new Map<string, Membership>();
    const answer = await send(group, ids);
    // A refusal (4xx) may be one bad member's: split to find it. A failing server (5xx) fails them all alike.
    if (answer.ok || ids.length === 1 || answer.status >= 500) {
      for (const id of ids) {
        if (answer.ok) group.members.add(id);
        results.set(
          id,
          answer.ok
            ? { ok: true, added: true }
            : { ok: false, reason: `course group '${course}': ${refusedReason(answer)}` },
        );
      }
      return results;
    }
    for (const id of ids)
      for (const [member, result] of await add(group, [id], course)) results.set(member, result);
    return results;
  };

  return {
    /** Adds these users to the course's group (created if missing); each user's outcome. */
    async addMembers(course: string, userIds: readonly string[]): Promise<Map<string, Membership>> {
      const key = foldName(course);
      // Concurrent assignments to a new course share one create.
      let group = pending.get(key);
      if (group === undefined) {
        group = ensure(course);
        pending.set(key, group);
      }
      const found = await group;
      const results = new Map<string, Membership>();
      if (typeof found === "string") {
        for (const id of userIds)
          results.set(id, { ok: false, reason: `course group '${course}': ${found}` });
        return results;
      }
      const missing = [...new Set(userIds)].filter((id) => !found.members.has(id));
      for (const id of userIds) if (found.members.has(id)) results.set(id, { ok: true, added: false });
      for (const ids of chunks(missing, MEMBERS_PER_REQUEST)) {
        for (const [id, result] of await add(found, ids, course)) results.set(id, result);
      }
      return results;
    },
  };
}

export type GroupWriter = ReturnType<typeof createGroupWriter>;
