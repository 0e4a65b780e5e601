import type { LearnerWarning } from "./batch.js";
import type { Learner } from "./learner.js";
import { who } from "./report.js";

/** A learner's manager link as the target holds it. */
export interface HeldLink {
  readonly external_id: string;
  readonly manager_external_id: string | null;
  readonly email: string | null;
}

interface Node {
  readonly manager: string | null;
  readonly email: string | null;
}

/**
 * Who reports to whom, as the target will hold it once this sync is written: the links this sync placed, and the
 * target's own links for learners it has not placed yet. Kept for one sync, so a loop closed across checkpoints
 * is found too.
 */
export interface OrgChart {
  knows(id: string): boolean;
  managerOf(id: string): string | null;
  /** The target's links for `asked` ids the chart does not know yet; an id the target lacks has no manager. */
  remember(held: readonly HeldLink[], asked: readonly string[]): void;
  /** Takes the learner's link as this sync will write it, replacing whatever the chart held for them. */
  link(learner: Learner): void;
  /** The linked learner with its manager, or without one (unlinked) when the link closes a loop, and the loop. */
  place(learner: Learner): { readonly learner: Learner; readonly loop: readonly string[] | null };
  emailOf(id: string): string | null;
}

export function orgChart(): OrgChart {
  const nodes = new Map<string, Node>();
  // How many learners report to each id: nobody reporting to a learner means no loop can pass through it.
  const reports = new Map<string, number>();
  // Ids whose chain up ends without a loop. A link to another manager can lengthen chains, so it clears them;
  // a link removed only shortens them. Saves walking a deep chain again for every learner below it.
  let ends = new Set<string>();

  const set = (id: string, node: Node): void => {
    const before = nodes.get(id)?.manager ?? null;
    if (before !== null) reports.set(before, (reports.get(before) ?? 1) - 1);
    if (node.manager !== null) reports.set(node.manager, (reports.get(node.manager) ?? 0) + 1);
    nodes.set(id, node);
  };

  /** The ids from `id`'s manager up to `id` again when the link closes a loop, else null. */
  const loopThrough = (id: string, manager: string): string[] | null => {
    if (manager === id) return [id, id];
    if ((reports.get(id) ?? 0) === 0) return null;
    const path = [id];
    const visited = new Set(path);
    let cursor: string | null = manager;
    // Bounded: every step visits a new id, and a loop elsewhere (held by the target) stops at its first repeat.
    while (cursor !== null && cursor !== id && !ends.has(cursor) && !visited.has(cursor)) {
      visited.add(cursor);
      path.push(cursor);
      cursor = nodes.get(cursor)?.manager ?? null;
    }
    if (cursor === id) return [...path, id];
    if (cursor === null || ends.has(cursor)) for (const entry of path) ends.add(entry);
    return null;
  };

  return {
    knows: (id) => nodes.has(id),
    managerOf: (id) => nodes.get(id)?.manager ?? null,
    emailOf: (id) => nodes.get(id)?.email ?? null,
    remember(held, asked) {
      for (const link of held) {
        if (!nodes.has(link.external_id))
          set(link.external_id, { manager: link.manager_external_id, email: link.email });
      }
      for (const id of asked) if (!nodes.has(id)) set(id, { manager: null, email: null });
    },
    link(learner) {
      const manager = learner.manager_external_id;
      if (manager !== null && manager !== (nodes.get(learner.external_id)?.manager ?? null)) ends = new Set();
      set(learner.external_id, { manager, email: learner.email });
    },
    place(learner) {
      const id = learner.external_id;
      const manager = learner.manager_external_id;
      const loop = manager === null ? null : loopThrough(id, manager);
      if (loop === null) return { learner, loop };
      set(id, { manager: null, email: learner.email });
      for (const entry of loop) ends.add(entry);
      return {
        learner: { ...learner, manager_external_id: null, manager_name: null, manager_email: null },
        loop,
      };
    },
  };
}

const FIX = "the learner is written without a manager. Fix Reports to in Bob.";
const SHOWN = 10;

function loopMessage(chart: OrgChart, loop: readonly string[]): string {
  if (loop.length === 2) return `Bob names them as their own manager; ${FIX}`;
  const name = (id: string) => who({ external_id: id, email: chart.emailOf(id) });
  const names =
    loop.length > SHOWN + 2
      ? [...loop.slice(0, SHOWN).map(name), `… ${loop.length - SHOWN - 1} more`, name(loop[0] ?? "")]
      : loop.map(name);
  return `Bob's reporting lines loop (${names.join(" → ")}); ${FIX}`;
}

/**
 * The batch's learners with the manager links that would close a loop in the reporting lines (a self-manager,
 * A → B → A) left out, each with a warning naming the people in the loop. The batch's links are all taken before
 * any is checked, so two people who swap places (A managed B, now B manages A) are no loop. Links the target does
 * not hold yet are checked first, so a loop drops a new link (the first of the batch) and the next sync, finding
 * the others held, drops the same one. `lookup` gives the target's links for ids the chart does not know, one
 * level of the reporting lines per call.
 */
export async function placeManagers(
  chart: OrgChart,
  learners: readonly Learner[],
  lookup: (ids: readonly string[]) => Promise<readonly HeldLink[]>,
): Promise<{ readonly learners: readonly Learner[]; readonly warnings: readonly LearnerWarning[] }> {
  const incoming = new Map(learners.map((learner) => [learner.external_id, learner.manager_external_id]));
  // Every id a walk up from these learners may reach, through this batch's links or the ones held: those the
  // chart does not know are looked up, level by level, each once.
  const seen = new Set<string>();
  const unknown: string[] = [];
  const stack: (string | null)[] = learners.map((learner) => learner.external_id).reverse();
  const drain = (): void => {
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (id === null || seen.has(id)) continue;
      seen.add(id);
      const next = incoming.get(id);
      if (next !== undefined) stack.push(next);
      if (chart.knows(id)) stack.push(chart.managerOf(id));
      else unknown.push(id);
    }
  };
  drain();
  while (unknown.length > 0) {
    const ids = unknown.splice(0);
    chart.remember(await lookup(ids), ids);
    for (const id of ids) stack.push(chart.managerOf(id));
    drain();
  }

  const fresh = learners.filter(
    (learner) => learner.manager_external_id !== chart.managerOf(learner.external_id),
  );
  for (const learner of learners) chart.link(learner);
  const freshOutcomes = new Map(fresh.map((learner) => [learner, chart.place(learner)]));
  const outcomes = learners.map((learner) => freshOutcomes.get(learner) ?? chart.place(learner));

  const warnings = outcomes.flatMap(({ learner, loop }): LearnerWarning[] =>
    loop === null
      ? []
      : [{ external_id: learner.external_id, email: learner.email, message: loopMessage(chart, loop) }],
  );
  return { learners: outcomes.map((outcome) => outcome.learner), warnings };
}
