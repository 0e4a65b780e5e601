/**
 * Where each learner field comes from in a Bob employee record, as Bob field ids (`root.email`, `work.title`)
 * tried in order. Overrides from the config replace a field's list; the rest keep these defaults.
 */
export const LEARNER_FIELDS_MAPPABLE = [
  "email",
  "first_name",
  "last_name",
  "display_name",
  "title",
  "department",
  "location",
  "start_date",
  "phone",
  "employment_type",
] as const;
export type MappableField = (typeof LEARNER_FIELDS_MAPPABLE)[number];
export type FieldMapping = Readonly<Record<MappableField, readonly string[]>>;
export type FieldMappingOverrides = Readonly<Partial<Record<MappableField, readonly string[]>>>;

export const DEFAULT_FIELD_MAPPING: FieldMapping = {
  email: ["root.email"],
  first_name: ["root.firstName"],
  last_name: ["root.surname"],
  display_name: ["root.displayName"],
  title: ["work.title"],
  department: ["work.department"],
  location: ["work.site"],
  start_date: ["work.startDate"],
  phone: ["home.mobilePhone", "work.workMobile"],
  employment_type: ["payroll.employment.contract"],
};

/** Bob list fields carry item ids in machine form; these learner fields are read from `humanReadable` labels. */
export const LABEL_FIELDS: ReadonlySet<MappableField> = new Set([
  "title",
  "department",
  "location",
  "employment_type",
]);

export function fieldMapping(overrides: FieldMappingOverrides = {}): FieldMapping {
  const mapping: Record<MappableField, readonly string[]> = { ...DEFAULT_FIELD_MAPPING };
  for (const field of LEARNER_FIELDS_MAPPABLE) {
    const override = overrides[field];
    if (override !== undefined && override.length > 0) mapping[field] = override;
  }
  return mapping;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Field ids are few (the mapping's), read for every record: each is split once.
const pathCache = new Map<string, readonly string[]>();

function pathOf(fieldId: string): readonly string[] {
  let path = pathCache.get(fieldId);
  if (path === undefined) {
    const parts = fieldId.split(".");
    path = parts[0] === "root" ? parts.slice(1) : parts;
    // Bounded so odd callers with ever-new ids cannot grow it without limit.
    if (pathCache.size < 1000) pathCache.set(fieldId, path);
  }
  return path;
}

/** The value at a Bob field id in the nested form: root fields sit at the top level (`root.email` → `email`). */
export function readBobField(record: unknown, fieldId: string): unknown {
  let node: unknown = record;
  for (const key of pathOf(fieldId)) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}
