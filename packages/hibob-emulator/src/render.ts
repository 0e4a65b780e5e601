// Pure rendering of one employee for people search and POST /people/{id}:
// - slash keys `"/work/title": {"value": ...}` only for non-null values;
// - the nested form always, nulls included, with root fields at the top level;
// - humanReadable APPEND adds a nested `humanReadable` node of display values, null fields (and so all-null
//   categories) left out; REPLACE puts display values in the nested form. Whether Bob emits slash keys under REPLACE is unverified; the emulator leaves them out, so a
//   client that relies on them fails here rather than in production.
// Fields the service user may not see are left out of every form, silently.

import type { FieldDef } from "./fields.js";
import { FIELDS, fieldById } from "./fields.js";
import { humanDate } from "./dates.js";
import { displayName } from "./employee.js";
import { listLabel } from "./named-lists.js";
import type { ServiceUser } from "./permissions.js";
import type { EmployeeView, Json } from "./view.js";
import { isRecord } from "./is-record.js";

export type HumanMode = "" | "APPEND" | "REPLACE";

/** Unknown values count as empty. */
export function parseHumanMode(raw: unknown): HumanMode {
  return raw === "APPEND" || raw === "REPLACE" ? raw : "";
}

export interface PlannedField {
  def: FieldDef;
  slashKey: string;
  path: readonly string[];
}

/** Categories of the default field set when a request names no fields. */
const DEFAULT_CATEGORIES = new Set(["root", "about", "employment", "work"]);

/**
 * Which fields a request gets: the requested ids that exist and are permitted, or the default set. Parents come
 * before children (`work.reportsTo` before `work.reportsTo.email`) so nesting merges predictably.
 */
export function planFields(requested: readonly string[] | undefined, user: ServiceUser): PlannedField[] {
  const defs: FieldDef[] = [];
  if (requested === undefined) {
    for (const f of FIELDS) if (!f.custom && DEFAULT_CATEGORIES.has(f.categoryId)) defs.push(f);
  } else {
    const seen = new Set<string>();
    for (const id of requested) {
      const f = fieldById(id);
      if (f === undefined || seen.has(f.id)) continue;
      seen.add(f.id);
      defs.push(f);
    }
  }
  return defs
    .filter((f) => f.searchable && canView(user, f))
    .map((def) => ({ def, slashKey: `/${def.id.replaceAll(".", "/")}`, path: def.jsonPath.split(".") }))
    .sort((a, b) => a.path.length - b.path.length);
}

/** The category's View, and for a few sensitive fields its Edit too; the category is the metadata's, not the id's. */
export function canView(user: ServiceUser, def: FieldDef): boolean {
  return user.permissions.has(def.categoryId) && (!def.viewAndEdit || user.edits.has(def.categoryId));
}

const CURRENCY_SYMBOLS: Record<string, string> = {
  USD: "$",
  GBP: "£",
  EUR: "€",
  ILS: "₪",
  JPY: "¥",
  BRL: "R$",
};

function money(value: number, currency: string): string {
  const digits = currency === "JPY" ? 0 : 2;
  const amount = value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const symbol = CURRENCY_SYMBOLS[currency];
  return symbol === undefined ? `${amount} ${currency}` : `${symbol}${amount}`;
}

function label(listId: string | null, id: Json): Json {
  if (listId === null || (typeof id !== "string" && typeof id !== "number")) return id;
  const key = String(id);
  return listLabel(listId, key) ?? key;
}

/** The display form of a machine value, by field type (dates in the company format DD/MM/YYYY). */
export function humanValue(def: FieldDef, value: Json, v: EmployeeView): Json {
  if (def.human !== undefined) return def.human(v, value);
  if (value === null) return null;
  switch (def.type) {
    case "date":
      return typeof value === "string" ? humanDate(value) : value;
    case "short-date":
      return typeof value === "string" ? `${value.slice(3, 5)}/${value.slice(0, 2)}` : value;
    case "boolean":
      return value === true ? "Yes" : "No";
    case "number":
      return typeof value === "number" ? String(value) : value;
    case "list":
    case "list_id":
    case "hierarchy-list":
      return label(def.listId, value);
    case "multi-list":
      return Array.isArray(value)
        ? value
            .map((id) => label(def.listId, id))
            .filter((l) => typeof l === "string")
            .join(",")
        : value;
    case "employee":
      return isRecord(value) ? (value.displayName ?? null) : value;
    case "employee-reference": {
      const ref = typeof value === "string" ? v.employee(value) : undefined;
      return ref === undefined ? value : displayName(ref);
    }
    case "currency":
      return isRecord(value) && typeof value.value === "number" && typeof value.currency === "string"
        ? money(value.value, value.currency)
        : value;
    case "period":
      return isRecord(value) ? (value.humanize ?? null) : value;
    case "text":
    case "text-area":
    case "ssn":
    case "time":
    case "avatar":
      return value;
  }
}

/** Sets a nested value; a child of a null parent is dropped, and a null never replaces an object already set. */
function setPath(target: Record<string, Json>, path: readonly string[], value: Json): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] ?? "";
    const next = node[key];
    if (next === undefined) {
      const created: Record<string, Json> = {};
      node[key] = created;
      node = created;
    } else if (isRecord(next)) node = next;
    else return;
  }
  const leaf = path[path.length - 1] ?? "";
  if (value === null && isRecord(node[leaf])) return;
  node[leaf] = value;
}

export function renderEmployee(
  v: EmployeeView,
  plan: readonly PlannedField[],
  mode: HumanMode,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  const nested: Record<string, Json> = {};
  const human: Record<string, Json> = {};
  for (const { def, slashKey, path } of plan) {
    const value = def.get(v);
    if (mode === "REPLACE") {
      setPath(nested, path, humanValue(def, value, v));
      continue;
    }
    if (value !== null) out[slashKey] = { value };
    setPath(nested, path, value);
    if (mode === "APPEND") {
      // Observed: the APPEND node leaves null fields out, so a category of nulls is not there at all.
      const display = humanValue(def, value, v);
      if (display !== null) setPath(human, path, display);
    }
  }
  Object.assign(out, nested);
  if (mode === "APPEND" && plan.length > 0) out.humanReadable = human;
  return out;
}
