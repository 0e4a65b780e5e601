import type { ExistingAssignment } from "../../plan/index.js";
import type { TargetSnapshot } from "../target.js";
import type { ScimClient } from "./client.js";
import type { JsonObject } from "./user-resource.js";
import { isObject, managerIdOf, SCIM_STORED_FIELDS, userToLearner } from "./user-resource.js";

export interface CourseGroup {
  readonly id: string;
  readonly members: Set<string>;
}

/**
 * What the target learnt of the server at load, kept up to date by apply: SCIM ids by externalId (the manager
 * pass needs the manager's own id), each user's current manager.value (to skip a link already in place) and
 * the course groups with their members (to add a member once). Group names fold case: RFC 7643 says
 * displayName is caseExact false.
 */
export interface ScimDirectory {
  readonly idByExternalId: Map<string, string>;
  readonly managerOf: Map<string, string | null>;
  readonly groups: Map<string, CourseGroup>;
}

export const foldName = (name: string): string => name.trim().toLowerCase();

export function emptyDirectory(): ScimDirectory {
  return { idByExternalId: new Map(), managerOf: new Map(), groups: new Map() };
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** Reads every User and Group: the snapshot to plan from, and the directory apply works with. */
export async function loadDirectory(
  client: ScimClient,
): Promise<{ snapshot: TargetSnapshot; directory: ScimDirectory }> {
  const users = await client.list("Users");
  const groups = await client.list("Groups");
  const byId = new Map<string, JsonObject>();
  for (const user of users) {
    const id = text(user.id);
    if (id !== undefined) byId.set(id, user);
  }
  const directory = emptyDirectory();
  const learners = users.flatMap((user) => {
    const current = userToLearner(user, byId);
    if (current === undefined) return [];
    if (current.learner.external_id !== null)
      directory.idByExternalId.set(current.learner.external_id, current.ref);
    directory.managerOf.set(current.ref, managerIdOf(user));
    return [current];
  });
  const assignments: ExistingAssignment[] = [];
  for (const group of groups) {
    const id = text(group.id);
    const name = text(group.displayName);
    if (id === undefined || name === undefined) continue;
    const members = new Set(
      (Array.isArray(group.members) ? group.members : []).flatMap((member) =>
        isObject(member) && typeof member.value === "string" ? [member.value] : [],
      ),
    );
    directory.groups.set(foldName(name), { id, members });
    for (const member of members) if (byId.has(member)) assignments.push({ ref: member, course: name });
  }
  return { snapshot: { learners, assignments, fields: SCIM_STORED_FIELDS }, directory };
}
