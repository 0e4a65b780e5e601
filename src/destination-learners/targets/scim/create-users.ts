import type { Learner } from "../../learner.js";
import { managersFirst } from "../../plan/index.js";
import type { ApplyLedger } from "../apply-ledger.js";
import { forEachLimited } from "../pool.js";
import type { ScimDirectory } from "./directory.js";
import { noteUser } from "./directory.js";
import type { UserWriter } from "./users.js";

/**
 * Creates, managers first (`managersFirst`): a report waits for its manager's create, which the order started
 * earlier, and sends the link with its own, so the manager pass has nothing left to write for it.
 */
export async function createUsers(
  creates: readonly Learner[],
  users: UserWriter,
  directory: ScimDirectory,
  ledger: ApplyLedger,
  lanes: number,
): Promise<void> {
  const making = new Map<string, Promise<string | undefined>>();
  await forEachLimited(managersFirst(creates), lanes, async (learner) => {
    let settle: (id: string | undefined) => void = () => undefined;
    making.set(learner.external_id, new Promise((resolve) => (settle = resolve)));
    try {
      const managerExternalId = learner.manager_external_id;
      const managerId =
        managerExternalId === null
          ? null
          : ((await making.get(managerExternalId)) ??
            directory.idByExternalId.get(managerExternalId) ??
            null);
      const written = await users.create(learner, managerId);
      if (!written.ok) {
        ledger.rejectLearner(learner, written.reason, learner);
        return;
      }
      noteUser(directory, learner, written.id);
      ledger.wrote(learner.external_id);
      directory.managerOf.set(written.id, written.manager);
      ledger.count("created");
      if (written.manager !== null) ledger.count("managers_linked");
      settle(written.id);
    } finally {
      settle(undefined);
    }
  });
}
