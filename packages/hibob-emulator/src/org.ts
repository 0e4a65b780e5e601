// The org chart derived from current work rows: direct and indirect report counts. Rebuilt lazily when the
// company changes (its version) or the business date moves, so `work.isManager` always agrees with
// `work.reportsTo` of the people below.

import { currentWork, lifecycleStatus } from "./employee.js";
import type { Company } from "./model.js";

export interface OrgIndex {
  version: number;
  today: string;
  directReports: ReadonlyMap<string, number>;
  indirectReports: ReadonlyMap<string, number>;
}

const cache = new WeakMap<Company, OrgIndex>();

export function orgIndex(company: Company): OrgIndex {
  const cached = cache.get(company);
  if (cached?.version === company.version && cached.today === company.today) return cached;
  const children = new Map<string, string[]>();
  for (const e of company.employees) {
    // Terminated people keep their last manager on record but no longer count as reports.
    if (lifecycleStatus(e, company.today) === "terminated") continue;
    const managerId = currentWork(e, company.today).managerId;
    if (managerId === null) continue;
    let list = children.get(managerId);
    if (list === undefined) {
      list = [];
      children.set(managerId, list);
    }
    list.push(e.id);
  }
  const directReports = new Map<string, number>();
  for (const [id, list] of children) directReports.set(id, list.length);
  const indirectReports = new Map<string, number>();
  // Iterative post-order walk (a 200k-deep chain must not overflow the stack); `visiting` guards against cycles.
  const visiting = new Set<string>();
  for (const root of children.keys()) {
    if (indirectReports.has(root)) continue;
    const stack: { id: string; expanded: boolean }[] = [{ id: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      if (!top.expanded) {
        top.expanded = true;
        visiting.add(top.id);
        for (const child of children.get(top.id) ?? []) {
          if (!indirectReports.has(child) && !visiting.has(child)) stack.push({ id: child, expanded: false });
        }
        continue;
      }
      stack.pop();
      let total = 0;
      for (const child of children.get(top.id) ?? []) total += 1 + (indirectReports.get(child) ?? 0);
      indirectReports.set(top.id, total);
      visiting.delete(top.id);
    }
  }
  const index: OrgIndex = { version: company.version, today: company.today, directReports, indirectReports };
  cache.set(company, index);
  return index;
}
