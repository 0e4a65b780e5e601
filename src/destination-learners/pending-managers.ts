import type { ManagerLink } from "./plan/index.js";

/**
 * Manager links planned before the manager was in the target. A plan links only the learners of its own batch,
 * so a report that came in an earlier batch than its manager would stay unlinked on targets that link by the
 * manager's target id (SCIM) until the report changes again. Kept for one sync: report id → manager id.
 */
export interface PendingManagers {
  /** The links of `links` whose manager is neither among `known` external ids: they wait for it. */
  note(links: readonly ManagerLink[], known: ReadonlySet<string>): void;
  /** Links whose manager `batch` brings; a report in `batch` is planned afresh, so it stops waiting. */
  due(batch: ReadonlySet<string>): ManagerLink[];
}

export function pendingManagers(): PendingManagers {
  const waiting = new Map<string, string>();
  return {
    note(links, known) {
      for (const link of links) {
        const manager = link.manager_external_id;
        if (manager !== null && !known.has(manager)) waiting.set(link.external_id, manager);
      }
    },
    due(batch) {
      const links: ManagerLink[] = [];
      for (const [report, manager] of waiting) {
        if (batch.has(report)) waiting.delete(report);
        else if (batch.has(manager)) {
          links.push({ external_id: report, manager_external_id: manager });
          waiting.delete(report);
        }
      }
      return links;
    },
  };
}
