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
