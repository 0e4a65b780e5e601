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

export function categoryOf(field: FieldMetadata): string {
  return field.categoryId ?? field.category ?? field.id.split(".")[0] ?? "";
}
