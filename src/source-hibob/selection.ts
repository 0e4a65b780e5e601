import type { SourceConfig } from "./config.js";
import { FIELD_GROUPS, type FieldGroup } from "./field-groups.js";
import {
  categoryName,
  categoryOf,
  isSearchable,
  needsViewAndEdit,
  type FieldMetadata,
} from "./field-metadata.js";
import { ID_FIELD, type RequestedField } from "./permissions.js";

/** Bob refuses a people search with more field ids than this. */
export const MAX_SEARCH_FIELDS = 400;

export interface FieldSelection {
  /** The field ids sent to Bob, `root.id` first. */
  readonly ids: readonly string[];
  /** Their metadata, for the stream schema. */
  readonly fields: readonly FieldMetadata[];
  /** The same fields as the permission group names them, for the permission diagnosis. */
  readonly requested: readonly RequestedField[];
  /** Configured additional fields this company's Bob does not know. */
  readonly unknown: readonly string[];
  /** Configured additional fields Bob lists but people search never returns (Actual payments). */
  readonly unsearchable: readonly string[];
}

type SelectionConfig = Pick<SourceConfig, "field_groups" | "additional_fields">;

/**
 * The employee fields a config reads: each chosen group's named fields, every other field of its categories
 * (custom fields included, found in the metadata), and the additional fields. Fields Bob's metadata does not
 * list, and those people search never returns, are left out of the request, since Bob would drop them silently
 * and they would look like missing permissions.
 */
export function selectFields(config: SelectionConfig, metadata: readonly FieldMetadata[]): FieldSelection {
  const byId = new Map(metadata.filter(isSearchable).map((field) => [field.id, field]));
  const groups: readonly FieldGroup[] = FIELD_GROUPS.filter((group) =>
    (config.field_groups as readonly string[]).includes(group.id),
  );
  const chosen = new Set<string>();
  const choose = (id: string): void => {
    if (byId.has(id)) chosen.add(id);
  };
  choose(ID_FIELD.id);
  for (const group of groups) {
    for (const field of group.fields) choose(field.id);
    for (const field of byId.values()) {
      if (group.categories.includes(categoryOf(field))) choose(field.id);
    }
  }
  for (const id of config.additional_fields) choose(id);

  const fields = [...chosen].flatMap((id) => byId.get(id) ?? []);
  const listed = new Set(metadata.map((field) => field.id));
  return {
    // Without root.id nothing can be keyed, so it is asked for even if the metadata leaves it out.
    ids: [ID_FIELD.id, ...fields.map((field) => field.id).filter((id) => id !== ID_FIELD.id)],
    fields,
    requested: fields.map((field) => ({
      id: field.id,
      name: field.name,
      category: categoryName(field),
      ...(needsViewAndEdit(field) ? { viewAndEdit: true } : {}),
    })),
    unknown: config.additional_fields.filter((id) => !listed.has(id)),
    unsearchable: config.additional_fields.filter((id) => listed.has(id) && !isSearchable({ id })),
  };
}
