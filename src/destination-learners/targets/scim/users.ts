import type { Learner } from "../../learner.js";
import type { ScimClient, ScimOutcome } from "./client.js";
import { filterString } from "./client.js";
import type { JsonObject } from "./user-resource.js";
import {
  managerOperation,
  ownerOf,
  patchOperations,
  SCIM_FIELDS,
  userResource,
  withManager,
} from "./user-resource.js";

/** A per-record write: done, nothing to send, or refused with a reason a person can act on. */
export type Written =
  | { readonly ok: true; readonly id: string; readonly wrote: boolean }
  | { readonly ok: false; readonly reason: string };

const refused = (answer: ScimOutcome & { ok: false }): Written => ({
  ok: false,
  reason: `SCIM ${answer.status}${answer.scimType === undefined ? "" : ` ${answer.scimType}`}: ${answer.detail}`,
});

const fold = (value: unknown): string | undefined =>
  typeof value === "string" ? value.trim().toLowerCase() : undefined;

/**
 * User writes with the recoveries a provisioning client needs: PATCH with only what changed (or GET + PUT when
 * the server has no PATCH), and a create that meets 409 (a retried POST whose answer was lost, a user made by
 * hand) adopts the existing user when it is unclaimed or already ours.
 */
export function createUserWriter(client: ScimClient) {
  const write = async (
    id: string,
    learner: Learner,
    fields: readonly (keyof Learner)[],
  ): Promise<Written> => {
    const operations = patchOperations(learner, fields);
    if (operations.length === 0) return { ok: true, id, wrote: false };
    if (await client.supportsPatch()) {
      const answer = await client.patch("Users", id, operations);
      return answer.ok ? { ok: true, id, wrote: true } : refused(answer);
    }
    const current = await client.get("Users", id);
    if (!current.ok) return refused(current);
    const answer = await client.replace("Users", id, userResource(learner, current.resource));
    return answer.ok ? { ok: true, id, wrote: true } : refused(answer);
  };

  /** By userName, case-insensitively: some servers (scimmy) filter case-sensitively, so a miss scans them all. */
  const findByUserName = async (userName: string): Promise<JsonObject | undefined> => {
    const wanted = fold(userName);
    const matches = (user: JsonObject) => fold(user.userName) === wanted;
    const filtered = await client.list("Users", `userName eq ${filterString(userName)}`);
    return filtered.find(matches) ?? (await client.list("Users")).find(matches);
  };

  const adopt = async (learner: Learner, conflict: ScimOutcome & { ok: false }): Promise<Written> => {
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
    return write(id, learner, SCIM_FIELDS);
  };

  return {
    async create(learner: Learner): Promise<Written> {
      const answer = await client.create("Users", userResource(learner));
      if (answer.ok) {
        const id = answer.resource?.id;
        if (typeof id === "string") return { ok: true, id, wrote: true };
        // Some servers answer a create without the resource or its id: the user they made is found by userName,
        // so its manager link and courses need not wait for a later sync.
        const made = await findByUserName(learner.email);
        const owner = made === undefined ? null : ownerOf(made);
        // A server may drop externalId; one naming another employee is not the user this create made.
        const ours = owner === null || owner === learner.external_id;
        return typeof made?.id === "string" && ours
          ? { ok: true, id: made.id, wrote: true }
          : {
              ok: false,
              reason: `the SCIM server created the user but returned no id, and lists no user ${learner.email}`,
            };
      }
      return answer.status === 409 ? adopt(learner, answer) : refused(answer);
    },
    /** Only the SCIM attributes of `fields`; a change to a field SCIM cannot hold writes nothing. */
    update: write,
    async linkManager(id: string, managerId: string | null): Promise<Written> {
      if (await client.supportsPatch()) {
        const answer = await client.patch("Users", id, [managerOperation(managerId)]);
        return answer.ok ? { ok: true, id, wrote: true } : refused(answer);
      }
      const current = await client.get("Users", id);
      if (!current.ok || current.resource === undefined) {
        return current.ok
          ? { ok: false, reason: "the SCIM server returned an empty user" }
          : refused(current);
      }
      const answer = await client.replace("Users", id, withManager(current.resource, managerId));
      return answer.ok ? { ok: true, id, wrote: true } : refused(answer);
    },
  };
}

export type UserWriter = ReturnType<typeof createUserWriter>;
