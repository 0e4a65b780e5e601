import type { ExistingAssignment } from "../../plan/index.js";
import type { TargetSnapshot } from "../target.js";
import type { ScimClient } from "./client.js";
import type { ScimServer } from "./server.js";
import type { JsonObject } from "./user-resource.js";
import { isObject, managerIdOf, userToLearner } from "./user-resource.js";

export interface CourseGroup {
  readonly id: string;
  readonly members: Set<string>;
}

/**
 * What the target learnt of the server at load, kept up to date by apply: SCIM ids by externalId (the manager
 * pass needs the manager's own id) and by email, each user's current manager.value (to skip a link already in place) and
 * the course groups with their members (to add a member once); `groups` is undefined for a server without
 * Groups. Group names fold case: RFC 7643 says displayName is caseExact false.
 */
export interface ScimDirectory {
  readonly idByExternalId: Map<string, string>;
  /** SCIM ids by folded userName: a server that drops externalId is matched by email. */
  readonly idByEmail: Map<string, string>;
  readonly managerOf: Map<string, string | null>;
  readonly groups: Map<string, CourseGroup> | undefined;
}

export const foldName = (name: string): string => name.trim().toLowerCase();

/** The SCIM id of a learner: by externalId, else by email. */
export function userIdOf(
  directory: ScimDirectory,
  learner: { readonly external_id: string; readonly email: string | null },
): string | undefined {
  return (
    directory.idByExternalId.get(learner.external_id) ??
    (learner.email === null ? undefined : directory.idByEmail.get(foldName(learner.email)))
  );
}

/** Notes a user the target wrote or found, under both keys. */
export function noteUser(
  directory: ScimDirectory,
  learner: { readonly external_id: string; readonly email: string },
  id: string,
): void {
  directory.idByExternalId.set(learner.external_id, id);
  directory.idByEmail.set(foldName(learner.email), id);
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** A group's member ids. */
export function memberIdsOf(group: JsonObject): Set<string> {
  return new Set(
    (Array.isArray(group.members) ? group.members : []).flatMap((member) =>
      isObject(member) && typeof member.value === "string" ? [member.value] : [],
    ),
  );
}

/**
 * Reads every User and (when the server has them) every Group: the snapshot to plan from, and the directory
 * apply works with. The users also show what the server keeps (`AttributeSupport.presumeFrom`).
 */
export async function loadDirectory(
  client: ScimClient,
  server: ScimServer,
): Promise<{ snapshot: TargetSnapshot; directory: ScimDirectory }> {
  const users = await client.list("Users");
  const groups = server.capabilities.groups ? await client.listGroups() : undefined;
  server.support.presumeFrom(users);
  const byId = new Map<string, JsonObject>();
  for (const user of users) {
    const id = text(user.id);
    if (id !== undefined) byId.set(id, user);
  }
  const directory: ScimDirectory = {
    idByExternalId: new Map(),
    idByEmail: new Map(),
    managerOf: new Map(),
    groups: groups === undefined ? undefined : new Map(),
  };
  const learners = users.flatMap((user) => {
    const current = userToLearner(user, byId);
    if (current === undefined) return [];
    if (current.learner.external_id !== null)
      directory.idByExternalId.set(current.learner.external_id, current.ref);
    directory.idByEmail.set(foldName(current.learner.email), current.ref);
    directory.managerOf.set(current.ref, managerIdOf(user));
    return [current];
  });
  const assignments: ExistingAssignment[] = [];
  for (const group of groups ?? []) {
    const id = text(group.id);
    const name = text(group.displayName);
    if (id === undefined || name === undefined) continue;
    const members = memberIdsOf(group);
    directory.groups?.set(foldName(name), { id, members });
    for (const member of members) if (byId.has(member)) assignments.push({ ref: member, course: name });
  }
  const snapshot: TargetSnapshot = {
    learners,
    assignments,
    fields: server.support.fields,
    manager_links: server.support.managerLinks,
  };
  return { snapshot, directory };
}
