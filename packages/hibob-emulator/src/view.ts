// One employee as seen while rendering a response: current rows and the derived profile, each computed at most
// once per employee per response.

import { currentEmployment, currentLifecycle, currentSalary, currentWork } from "./employee.js";
import type { Company, Employee, EmploymentRow, LifecycleRow, SalaryRow, WorkRow } from "./model.js";
import type { OrgIndex } from "./org.js";
import type { Profile } from "./profile.js";
import { profileOf } from "./profile.js";
import type { Site } from "./vocabulary.js";
import { SITES } from "./vocabulary.js";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface RenderContext {
  company: Company;
  org: OrgIndex;
  /** Per-request token: avatar URLs are re-signed on every call, as Bob's are. */
  signature: string;
}

const SITE_BY_ID = new Map(SITES.map((s) => [s.id, s]));

export function siteById(id: number): Site | undefined {
  return SITE_BY_ID.get(id);
}

export class EmployeeView {
  readonly e: Employee;
  readonly ctx: RenderContext;
  #work: WorkRow | undefined;
  #employment: EmploymentRow | undefined;
  #lifecycle: LifecycleRow | undefined;
  #salary: SalaryRow | undefined;
  #profile: Profile | undefined;

  constructor(e: Employee, ctx: RenderContext) {
    this.e = e;
    this.ctx = ctx;
  }

  get today(): string {
    return this.ctx.company.today;
  }

  get work(): WorkRow {
    return (this.#work ??= currentWork(this.e, this.today));
  }

  get employment(): EmploymentRow {
    return (this.#employment ??= currentEmployment(this.e, this.today));
  }

  get lifecycle(): LifecycleRow {
    return (this.#lifecycle ??= currentLifecycle(this.e, this.today));
  }

  get salary(): SalaryRow {
    return (this.#salary ??= currentSalary(this.e, this.today));
  }

  get site(): Site {
    const site = siteById(this.work.siteId) ?? SITES[0];
    if (site === undefined) throw new Error("no sites");
    return site;
  }

  get profile(): Profile {
    return (this.#profile ??= profileOf(this.ctx.company.seed, this.e, this.site));
  }

  employee(id: string | null): Employee | undefined {
    return id === null ? undefined : this.ctx.company.byId.get(id);
  }
}
