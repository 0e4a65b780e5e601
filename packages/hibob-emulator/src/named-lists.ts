// Named lists: GET /company/named-lists answers an object keyed by list name, each entry holding the
// same items under both `values` and `items`; item ids are strings; hierarchy lists nest `children`; list names
// are case-sensitive. Labels are also how machine list values become human-readable ones.

import { CERTIFICATION_LIST, WORK_COLUMN } from "./custom.js";
import type { ListItems } from "./vocabulary.js";
import {
  CALENDARS,
  CERTIFICATIONS,
  CONTRACTS,
  COST_CENTERS,
  DEPARTMENTS,
  EMPLOYMENT_TYPES,
  FLSA_CODES,
  FOOD_PREFERENCES,
  GENDERS,
  HOBBIES,
  HONORIFICS,
  LANGUAGES,
  LEARNER_GROUPS,
  LIFECYCLE_STATUS_ITEMS,
  PAY_FREQUENCIES,
  PAY_PERIODS,
  PRONOUNS,
  SALARY_PAY_TYPES,
  SHIRT_SIZES,
  SITES,
  STATES,
  STATUS_ITEMS,
  SUPERPOWERS,
  TERMINATION_REASONS,
  TERMINATION_TYPES,
  TITLES,
  WORK_ARRANGEMENTS,
  WORK_CHANGE_TYPES,
} from "./vocabulary.js";

export interface ListItem {
  id: string;
  value: string;
  name: string;
  archived: boolean;
  children: ListItem[];
}

export interface NamedList {
  name: string;
  values: ListItem[];
  items: ListItem[];
}

function item(id: string, label: string, archived = false, children: ListItem[] = []): ListItem {
  return { id, value: label, name: label, archived, children };
}

const COUNTRIES: ListItems = [
  ["GB", "United Kingdom"],
  ["US", "United States"],
  ["IL", "Israel"],
  ["FR", "France"],
  ["DE", "Germany"],
  ["PL", "Poland"],
  ["BR", "Brazil"],
  ["JP", "Japan"],
  ["SE", "Sweden"],
  ["IE", "Ireland"],
  ["IN", "India"],
  ["ES", "Spain"],
];

function flat(items: ListItems): ListItem[] {
  return items.map(([id, label]) => item(id, label));
}

/** Every list of the tenant, in a stable order. */
function buildLists(): Map<string, ListItem[]> {
  const lists = new Map<string, ListItem[]>();
  lists.set("department", [
    ...DEPARTMENTS.map((d) => item(d.id, d.name)),
    item(String(261454600 + DEPARTMENTS.length * 7), "Facilities (merged into Operations)", true),
  ]);
  lists.set(
    "title",
    TITLES.map((t) => item(t.id, t.name, t.archived)),
  );
  lists.set(
    "site",
    SITES.map((s) => item(String(s.id), s.name)),
  );
  lists.set("employmentstatus", flat(CONTRACTS));
  lists.set("payrollEmploymentType", flat(EMPLOYMENT_TYPES));
  lists.set("salaryPayType", flat(SALARY_PAY_TYPES));
  lists.set("flsaCode", flat(FLSA_CODES));
  lists.set("payPeriod", flat(PAY_PERIODS));
  lists.set("payFrequency", flat(PAY_FREQUENCIES));
  lists.set("workChangeType", flat(WORK_CHANGE_TYPES));
  lists.set("lifecycleStatus", flat(LIFECYCLE_STATUS_ITEMS));
  lists.set("status", flat(STATUS_ITEMS));
  lists.set("terminationreason", flat(TERMINATION_REASONS));
  lists.set("lifecycleReasonType", flat(TERMINATION_TYPES));
  lists.set("honorific", flat(HONORIFICS));
  lists.set("pronouns", flat(PRONOUNS));
  lists.set("legalGenderEnhanced", flat(GENDERS));
  lists.set("countries", flat(COUNTRIES));
  lists.set("nationalities", flat(COUNTRIES));
  lists.set("hobbies", flat(HOBBIES));
  lists.set("superpowers", flat(SUPERPOWERS));
  lists.set("foodPreferences", flat(FOOD_PREFERENCES));
  lists.set("calendar", flat(CALENDARS));
  lists.set("state", flat(STATES));
  lists.set("shirtSize", flat(SHIRT_SIZES));
  lists.set("languages", flat(LANGUAGES));
  lists.set("learnerGroups", flat(LEARNER_GROUPS));
  lists.set(
    "costCenters",
    COST_CENTERS.map((c) =>
      item(
        c.id,
        c.name,
        false,
        c.children.map((k) => item(k.id, k.name)),
      ),
    ),
  );
  lists.set(WORK_COLUMN.listId, flat(WORK_ARRANGEMENTS));
  lists.set(CERTIFICATION_LIST, flat(CERTIFICATIONS));
  return lists;
}

const LISTS = buildLists();

function visible(items: readonly ListItem[], includeArchived: boolean): ListItem[] {
  return items
    .filter((i) => includeArchived || !i.archived)
    .map((i) => ({ ...i, children: visible(i.children, includeArchived) }));
}

/** `{name, values, items}` for one list, or undefined for an unknown (case-sensitive) name. */
export function namedList(name: string, includeArchived: boolean): NamedList | undefined {
  const items = LISTS.get(name);
  if (items === undefined) return undefined;
  const values = visible(items, includeArchived);
  return { name, values, items: values };
}

export function allNamedLists(includeArchived: boolean): Record<string, NamedList> {
  const out: Record<string, NamedList> = {};
  for (const name of LISTS.keys()) {
    const list = namedList(name, includeArchived);
    if (list !== undefined) out[name] = list;
  }
  return out;
}

function indexLabels(): Map<string, Map<string, string>> {
  const labels = new Map<string, Map<string, string>>();
  const walk = (into: Map<string, string>, items: readonly ListItem[]) => {
    for (const i of items) {
      into.set(i.id, i.name);
      walk(into, i.children);
    }
  };
  for (const [name, items] of LISTS) {
    const into = new Map<string, string>();
    walk(into, items);
    labels.set(name, into);
  }
  return labels;
}

const LABELS = indexLabels();

/** The display label of a list item (archived ones included), or undefined when the id is not in the list. */
export function listLabel(listId: string, itemId: string): string | undefined {
  return LABELS.get(listId)?.get(itemId);
}
