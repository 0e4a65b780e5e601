import { z } from "zod";

/** One item of `GET /company/people/fields` (a bare array); only what the source relies on is required. */
export const FieldMetadata = z.looseObject({
  id: z.string(),
  name: z.string(),
  categoryId: z.string().optional(),
  category: z.string().optional(),
  categoryDisplayName: z.string().nullish(),
  description: z.string().nullish(),
  jsonPath: z.string().optional(),
  type: z.string(),
  typeData: z.looseObject({ listId: z.string().optional() }).nullish(),
  historical: z.boolean().nullish(),
});
export type FieldMetadata = z.infer<typeof FieldMetadata>;

export const FieldMetadataList = z.array(FieldMetadata);

/**
 * The field's category as its metadata says, or "" if it does not. Never the id's first segment: a field moved to
 * another category keeps its id (`payroll.employment.contract` is in Employment, `home.mobilePhone` in Personal
 * contact details), and its permission follows the category.
 */
export function categoryOf(field: FieldMetadata): string {
  return field.categoryId ?? field.category ?? "";
}

/** Bob's names for its built-in categories, as the permission group shows them, for metadata without one. */
const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  root: "Basic info",
  userData: "User data",
  personal: "Personal",
  personalContact: "Personal contact details",
  home: "Home",
  work: "Work",
  workContact: "Work contact details",
  address: "Address",
  employment: "Employment",
  payroll: "Payroll",
  lifecycle: "Lifecycle",
  about: "About",
  financial: "Financial",
  identification: "Identification",
  eeo: "EEO",
};

export const UNKNOWN_CATEGORY = "(category not in Bob's field metadata)";

/** The category as an admin finds it in the permission group. */
export function categoryName(field: FieldMetadata): string {
  const id = categoryOf(field);
  return field.categoryDisplayName ?? CATEGORY_NAMES[id] ?? (id === "" ? UNKNOWN_CATEGORY : id);
}

/**
 * People search returns "all fields except the Actual Payments table" (documented), although field metadata lists
 * its `actualPayment.*` fields under Payroll: asking for them only makes them look like missing permissions.
 */
export function isSearchable(field: Pick<FieldMetadata, "id">): boolean {
  return !field.id.startsWith(ACTUAL_PAYMENTS_PREFIX);
}

export const ACTUAL_PAYMENTS_PREFIX = "actualPayment.";

/** Full date of birth and age (documented by name); national ids, whose metadata type is `ssn` (observed). */
export const VIEW_AND_EDIT_FIELDS: ReadonlySet<string> = new Set(["personal.birthDate", "personal.age"]);

/** Fields Bob returns only when the permission group may edit them as well as view them (documented). */
export function needsViewAndEdit(field: Pick<FieldMetadata, "id" | "type">): boolean {
  return VIEW_AND_EDIT_FIELDS.has(field.id) || field.type === "ssn";
}
