import type { Learner } from "../../learner.js";
import type { ScimClient, ScimOutcome } from "./client.js";
import { filterString } from "./client.js";
import type { ScimServer } from "./server.js";
import type { JsonObject } from "./user-resource.js";
import {
  managerIdOf,
  managerOperation,
  ownerOf,
  patchOperations,
  userResource,
  withManager,
} from "./user-resource.js";

/** A write the server refused, with a reason a person can act on. */
export interface Refused {
  readonly ok: false;
  readonly reason: string;
}

/** A per-record write: done, or nothing to send. */
export type Written = { readonly ok: true; readonly id: string; readonly wrote: boolean } | Refused;

/** A create: the new user's id, and the manager it holds (null when it holds none or the link was not sent). */
export type Created = { readonly ok: true; readonly id: string; readonly manager: string | null } | Refused;

export const refusedReason = (answer: ScimOutcome & { ok: false }): string =>
  `SCIM ${answer.status}${answer.scimType === undefined ? "" : ` ${answer.scimType}`}: ${answer.detail}`;

const refused = (answer: ScimOutcome & { ok: false }): Refused => ({
  ok: false,
  reason: refusedReason(answer),
});

const fold = (value: unknown): string | undefined =>
  typeof value === "string" ? value.trim().toLowerCase() : undefined;

/** A PATCH the server cannot do: not implemented (501), or a 5xx that outlasted its retries (a server bug). */
const patchUnusable = (answer: ScimOutcome): boolean => !answer.ok && answer.status >= 500;

/**
 * User writes with the recoveries a provisioning client needs: only what the server keeps (`AttributeSupport`),
 * PATCH with only what changed or GET + PUT when the server has no PATCH, a create that carries the manager link
 * when the manager exists, and a create that meets 409 (a retried POST whose answer was lost, a user made by
 * hand) adopts the existing user when it is unclaimed or already ours. Each answer that shows the user teaches
 * what the server keeps.
 */
export function createUserWriter(client: ScimClient, server: ScimServer) {
  const { capabilities, support } = server;
  // A server failing PATCH of the complex manager value (a known class of bug) still takes a PUT.
  let managerByPut = !capabilities.patch;
  // Fields a PATCH of which the server answered 501: written by PUT for the rest of the run.
  const putFields = new Set<keyof Learner>();

  /** `allowed`: what may be sent; an adopted user, like a create, also gets the fields presumed dropped. */
  const write = async (
    id: string,
    learner: Learner,
    wanted: readonly (keyof Learner)[],
    allowed: readonly (keyof Learner)[] = support.fields,
  ): Promise<Written> => {
    const fields = wanted.filter((field) => allowed.includes(field));
    const operations = patchOperations(learner, fields);
    if (operations.length === 0) return { ok: true, id, wrote: false };
    const byPut = !capabilities.patch || fields.some((field) => putFields.has(field));
    let answer = byPut ? undefined : await client.patch("Users", id, operations);
    if (answer !== undefined && !answer.ok && answer.status === 501) {
      // "Not implemented" for these paths (a server that PATCHes only some attributes): PUT is the baseline.
      for (const field of fields) putFields.add(field);
      server.warnings.add(
        `The SCIM server does not implement PATCH of ${fields.join(", ")} (${refusedReason(answer)}): ` +
          "those changes are written with GET + PUT.",
      );
      answer = undefined;
    }
    if (answer === undefined) {
      const current = await client.get("Users", id);
      if (!current.ok) return refused(current);
      // A PUT built from nothing would wipe what the LMS owns on this user.
      if (current.resource === undefined)
        return { ok: false, reason: "the SCIM server returned an empty user" };
      answer = await client.replace("Users", id, userResource(learner, current.resource, undefined, allowed));
    }
    if (!answer.ok) return refused(answer);
    if (answer.resource !== undefined) support.learnFrom(learner, fields, false, answer.resource);
    return { ok: true, id, wrote: true };
  };

  /** By userName, case-insensitively: some servers (scimmy) filter case-sensitively, so a miss scans them all. */
  const findByUserName = async (userName: string): Promise<JsonObject | undefined> => {
    const wanted = fold(userName);
    const matches = (user: JsonObject) => fold(user.userName) === wanted;
    const filtered = await client.list("Users", `userName eq ${filterString(userName)}`);
    return filtered.find(matches) ?? (await client.list("Users")).find(matches);
  };

  const adopt = async (learner: Learner, conflict: ScimOutcome & { ok: false }): Promise<Created> => {
    const existing = await findByUserName(learner.email);
    const id = typeof existing?.id === "string" ? existing.id : undefined;
    if (existing === undefined || id === undefined) return refused(conflict);
    const owner = ownerOf(existing);
    if (owner !== null && owner !== learner.external_id) {
      return {
        ok: false,
        reason: `userName ${learner.email} already belongs to another SCIM user (externalId ${JSON.stringify(owner)})`,
      };
    }
    const written = await write(id, learner, support.sendable, support.sendable);
    return written.ok ? { ok: true, id, manager: managerIdOf(existing) } : written;
  };

  /** The user as the server holds it, or `fallback` when it cannot say. */
  const readBack = async (id: string, fallback: JsonObject): Promise<JsonObject> => {
    const current = await client.get("Users", id);
    return current.ok && current.resource !== undefined ? current.resource : fallback;
  };

  const linkByPut = async (id: string, managerId: string | null): Promise<Written> => {
    const current = await client.get("Users", id);
    if (!current.ok || current.resource === undefined) {
      return current.ok ? { ok: false, reason: "the SCIM server returned an empty user" } : refused(current);
    }
    const answer = await client.replace("Users", id, withManager(current.resource, managerId));
    if (!answer.ok) return refused(answer);
    if (managerId !== null && answer.resource !== undefined) support.learnManager(answer.resource);
    return { ok: true, id, wrote: true };
  };

  return {
    /** `managerId`: the manager's SCIM id to send with the create, when the manager exists. */
    async create(learner: Learner, managerId: string | null): Promise<Created> {
      const fields = support.sendable;
      const manager = support.managerLinks ? managerId : null;
      const answer = await client.create("Users", userResource(learner, {}, manager ?? undefined, fields));
      if (!answer.ok) return answer.status === 409 ? adopt(learner, answer) : refused(answer);
      // A short answer may not be the whole user: a read-back decides before anything is learnt dropped.
      const resource =
        answer.resource !== undefined &&
        typeof answer.resource.id === "string" &&
        support.lacksNew(learner, fields, manager !== null, answer.resource)
          ? await readBack(answer.resource.id, answer.resource)
          : answer.resource;
      if (resource !== undefined) support.learnFrom(learner, fields, manager !== null, resource);
      const held = resource === undefined ? manager : managerIdOf(resource);
      if (typeof resource?.id === "string") return { ok: true, id: resource.id, manager: held };
      // Some servers answer a create without the resource or its id: the user they made is found by userName,
      // so its manager link and courses need not wait for a later sync.
      const made = await findByUserName(learner.email);
      const owner = made === undefined ? null : ownerOf(made);
      // A server may drop externalId; one naming another employee is not the user this create made.
      const ours = owner === null || owner === learner.external_id;
      return typeof made?.id === "string" && ours
        ? { ok: true, id: made.id, manager: managerIdOf(made) }
        : {
            ok: false,
            reason: `the SCIM server created the user but returned no id, and lists no user ${learner.email}`,
          };
    },
    /** Only the attributes of `fields` the server keeps; a change to a field SCIM cannot hold writes nothing. */
    update: (id: string, learner: Learner, fields: readonly (keyof Learner)[]) =>
      write(id, learner, fields, support.sendable),
    async linkManager(id: string, managerId: string | null): Promise<Written> {
      if (managerByPut) return linkByPut(id, managerId);
      const answer = await client.patch("Users", id, [managerOperation(managerId)]);
      if (answer.ok) {
        if (managerId !== null && answer.resource !== undefined) support.learnManager(answer.resource);
        return { ok: true, id, wrote: true };
      }
      if (!patchUnusable(answer)) return refused(answer);
      managerByPut = true;
      server.warnings.add(
        `The SCIM server failed a PATCH of manager (${refusedReason(answer)}): manager links are written with ` +
          "GET + PUT for the rest of this sync.",
      );
      return linkByPut(id, managerId);
    },
  };
}

export type UserWriter = ReturnType<typeof createUserWriter>;
