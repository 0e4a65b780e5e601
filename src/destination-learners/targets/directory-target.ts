import type { Plan } from "../plan/index.js";
import { appliedSnapshot } from "./applied-snapshot.js";
import type { ApplyResult, Target, TargetSnapshot } from "./target.js";

/** What every remote directory knows of its learners: the platform's id for each external id. */
export interface KnowsLearnerIds {
  readonly idByExternalId: ReadonlyMap<string, string | number>;
}

export interface LoadedDirectory<Directory> {
  /** The target's own index (ids by external id, groups, trainings) that writes need. */
  readonly directory: Directory;
  readonly snapshot: TargetSnapshot;
}

const fold = (value: string): string => value.trim().toLowerCase();

/**
 * A remote learner platform as a Target. `load` reads its whole directory; `loadMatching` answers from the last
 * load as later applies left it (`appliedSnapshot`), so a sync with many checkpoints reads the platform once
 * instead of once per checkpoint; `apply` writes through the directory of the last load. Rejects found before
 * planning are not kept here: the destination logs every reject, and a remote platform has nowhere to put them.
 */
export function directoryTarget<Directory extends KnowsLearnerIds>(
  loadDirectory: () => Promise<LoadedDirectory<Directory>>,
  applyPlan: (plan: Plan, directory: Directory) => Promise<ApplyResult>,
): Target & Required<Pick<Target, "loadMatching">> {
  let loaded: LoadedDirectory<Directory> | undefined;
  const refresh = async (): Promise<LoadedDirectory<Directory>> => (loaded = await loadDirectory());
  return {
    load: async () => (await refresh()).snapshot,
    async loadMatching(externalIds, emails) {
      const { snapshot } = loaded ?? (await refresh());
      const ids = new Set(externalIds);
      const addresses = new Set(emails.map(fold));
      const learners = snapshot.learners.filter(
        (entry) =>
          (entry.learner.external_id !== null && ids.has(entry.learner.external_id)) ||
          addresses.has(fold(entry.learner.email)),
      );
      const refs = new Set(learners.map((entry) => entry.ref));
      const assignments = snapshot.assignments.filter((entry) => refs.has(entry.ref));
      return { ...snapshot, learners, assignments };
    },
    async apply(plan) {
      const { directory, snapshot } = loaded ?? (await refresh());
      const result = await applyPlan(plan, directory);
      const refOf = (externalId: string): string | undefined => {
        const id = directory.idByExternalId.get(externalId);
        return id === undefined ? undefined : String(id);
      };
      loaded = { directory, snapshot: appliedSnapshot(snapshot, plan, result, refOf) };
      return result;
    },
    recordRejects: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
