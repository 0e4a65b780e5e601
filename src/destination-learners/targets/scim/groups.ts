import type { ScimClient } from "./client.js";
import { filterString } from "./client.js";
import type { CourseGroup, ScimDirectory } from "./directory.js";
import { foldName } from "./directory.js";
import type { JsonObject } from "./user-resource.js";
import { isObject } from "./user-resource.js";

const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

export type Membership =
  { readonly ok: true; readonly added: boolean } | { readonly ok: false; readonly reason: string };

function toCourseGroup(group: JsonObject | undefined): CourseGroup | undefined {
  if (group === undefined || typeof group.id !== "string") return undefined;
  const members = Array.isArray(group.members) ? group.members : [];
  return {
    id: group.id,
    members: new Set(members.flatMap((m) => (isObject(m) && typeof m.value === "string" ? [m.value] : []))),
  };
}

/**
 * Courses are Groups (SCIM has no course assignment; the LMS maps groups to courses). A missing group is created
 * once; a create that meets 409 (another run, a lost answer) finds the group instead. Members are added with
 * PATCH `add`, never by rewriting the member list, and only when not already there.
 */
export function createGroupWriter(client: ScimClient, directory: ScimDirectory) {
  const pending = new Map<string, Promise<CourseGroup | string>>();

  const find = async (name: string): Promise<CourseGroup | undefined> => {
    const matches = (group: JsonObject) =>
      typeof group.displayName === "string" && foldName(group.displayName) === foldName(name);
    const filtered = await client.list("Groups", `displayName eq ${filterString(name)}`);
    return toCourseGroup(filtered.find(matches) ?? (await client.list("Groups")).find(matches));
  };

  const ensure = async (name: string): Promise<CourseGroup | string> => {
    const known = directory.groups.get(foldName(name));
    if (known !== undefined) return known;
    const created = await client.create("Groups", { schemas: [GROUP_SCHEMA], displayName: name });
    const group = created.ok
      ? toCourseGroup(created.resource)
      : created.status === 409
        ? await find(name)
        : undefined;
    if (group === undefined) {
      return created.ok
        ? "the SCIM server created the group but returned no id"
        : `SCIM ${created.status}: ${created.detail}`;
    }
    directory.groups.set(foldName(name), group);
    return group;
  };

  return {
    async addMember(course: string, userId: string): Promise<Membership> {
      const key = foldName(course);
      // Concurrent assignments to a new course share one create.
      let group = pending.get(key);
      if (group === undefined) {
        group = ensure(course);
        pending.set(key, group);
      }
      const found = await group;
      if (typeof found === "string") return { ok: false, reason: `course group '${course}': ${found}` };
      if (found.members.has(userId)) return { ok: true, added: false };
      found.members.add(userId);
      const answer = await client.patch("Groups", found.id, [
        { op: "add", path: "members", value: [{ value: userId }] },
      ]);
      if (answer.ok) return { ok: true, added: true };
      found.members.delete(userId);
      return { ok: false, reason: `course group '${course}': SCIM ${answer.status}: ${answer.detail}` };
    },
  };
}

export type GroupWriter = ReturnType<typeof createGroupWriter>;
