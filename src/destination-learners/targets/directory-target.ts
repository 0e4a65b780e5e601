import type { Plan } from "../plan.js";
import type { ApplyResult, Target, TargetSnapshot } from "./target.js";

export interface LoadedDirectory<Directory> {
  /** The target's own index (ids by external id, groups, trainings) that writes need. */
  readonly directory: Directory;
  readonly snapshot: TargetSnapshot;
}

/**
 * A remote learner platform as a Target: `load` reads its directory, `apply` writes through the directory of the
 * last load (normally just before). Rejects found before planning are not kept here: the destination logs every
 * reject, and a remote platform has nowhere to put them.
 */
export function directoryTarget<Directory>(
  loadDirectory: () => Promise<LoadedDirectory<Directory>>,
  applyPlan: (plan: Plan, directory: Directory) => Promise<ApplyResult>,
): Target {
  let directory: Directory | undefined;
  const refresh = async (): Promise<LoadedDirectory<Directory>> => {
    const loaded = await loadDirectory();
    directory = loaded.directory;
    return loaded;
  };
  return {
    load: async () => (await refresh()).snapshot,
    apply: async (plan) => applyPlan(plan, directory ?? (await refresh()).directory),
    recordRejects: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
