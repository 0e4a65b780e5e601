// Service users, their category permissions and their "Access data for" scope.
// A new Bob service user sees nothing; here the default is everything so demos work, and tests narrow it.

import { CUSTOM_CATEGORY } from "./custom.js";
import type { LifecycleStatus } from "./model.js";

/** Field categories (metadata `categoryId`) with their display names; permissions are granted per category. */
export const CATEGORIES: Readonly<Record<string, string>> = {
  root: "Basic info",
  userData: "User data",
  personal: "Personal",
  personalContact: "Personal contact details",
  home: "Home",
  work: "Work",
  workContact: "Work contact details",
  address: "Address",
  identification: "Identification",
  employment: "Employment",
  payroll: "Payroll",
  lifecycle: "Lifecycle",
  about: "About",
  [CUSTOM_CATEGORY.id]: CUSTOM_CATEGORY.name,
};

/** Permission names that are not field categories: the time-off feed. */
export const TIME_OFF_PERMISSION = "timeOff";

export const ALL_PERMISSIONS: readonly string[] = [...Object.keys(CATEGORIES), TIME_OFF_PERMISSION];

/** Which category guards each employee table (the salary table sits in Payroll). */
export const TABLE_CATEGORY: Readonly<Record<string, string>> = {
  work: "work",
  employment: "employment",
  lifecycle: "lifecycle",
  salaries: "payroll",
};

/**
 * "Access data for". Bob's default "Everyone" leaves terminated people out; an admin widens it by condition.
 * `hired: false` and `leave: false` reproduce the stricter "Lifecycle status equals Employed" condition.
 */
export interface ScopeOptions {
  terminated?: boolean;
  hired?: boolean;
  leave?: boolean;
  /**
   * Bob's "Everyone" as documented: active people only (`internal.status` Active), whatever the lifecycle status,
   * so someone on leave who is not kept active is hidden as well. Default false.
   */
  activeOnly?: boolean;
}

export interface ServiceUserOptions {
  id: string;
  token: string;
  /** Category ids (see CATEGORIES) plus "timeOff"; default "all". */
  permissions?: readonly string[] | "all";
  /** Categories whose section histories are visible; default: same as permissions. Without it a table shows only the current row. */
  histories?: readonly string[] | "all";
  /**
   * Categories the group may also edit; default: same as permissions. Bob returns some sensitive fields (full
   * date of birth, age, national ids) only with View and Edit.
   */
  edits?: readonly string[] | "all";
  scope?: ScopeOptions;
  /**
   * Field-level permissions (Bob's beta): table columns the service user may not view, per table, in every row
   * (`noView`) or in past rows only (`noViewHistory`). Tables answer them as null and say so in
   * `restricted_columns` and the `X-Has-Restricted-Columns` header.
   */
  restrictedColumns?: Readonly<Record<string, ColumnRestrictionOptions>>;
}

export interface ColumnRestrictionOptions {
  noView?: readonly string[];
  noViewHistory?: readonly string[];
}

export interface ColumnRestrictions {
  noView: ReadonlySet<string>;
  noViewHistory: ReadonlySet<string>;
}

export interface ServiceUser {
  id: string;
  token: string;
  permissions: ReadonlySet<string>;
  histories: ReadonlySet<string>;
  edits: ReadonlySet<string>;
  scope: Readonly<Required<ScopeOptions>>;
  /** By table name; a table not listed has no restricted column. */
  restrictedColumns: ReadonlyMap<string, ColumnRestrictions>;
}

export function resolveServiceUser(options: ServiceUserOptions): ServiceUser {
  const permissions = new Set(
    options.permissions === undefined || options.permissions === "all"
      ? ALL_PERMISSIONS
      : options.permissions,
  );
  const histories =
    options.histories === undefined
      ? permissions
      : new Set(options.histories === "all" ? ALL_PERMISSIONS : options.histories);
  const edits =
    options.edits === undefined
      ? permissions
      : new Set(options.edits === "all" ? ALL_PERMISSIONS : options.edits);
  return {
    id: options.id,
    token: options.token,
    permissions,
    histories,
    edits,
    scope: {
      terminated: options.scope?.terminated ?? false,
      hired: options.scope?.hired ?? true,
      leave: options.scope?.leave ?? true,
      activeOnly: options.scope?.activeOnly ?? false,
    },
    restrictedColumns: new Map(
      Object.entries(options.restrictedColumns ?? {}).map(([table, r]) => [
        table,
        { noView: new Set(r.noView ?? []), noViewHistory: new Set(r.noViewHistory ?? []) },
      ]),
    ),
  };
}

/** Whether the scope lets this service user see an employee in the given lifecycle and access status at all. */
export function inScope(user: ServiceUser, status: LifecycleStatus, active: boolean): boolean {
  if (user.scope.activeOnly && !active) return false;
  switch (status) {
    case "employed":
      return true;
    case "hired":
      return user.scope.hired;
    case "terminated":
      return user.scope.terminated;
    case "leave":
    case "parental leave":
    case "garden leave":
      return user.scope.leave;
  }
}
