// The tenant's customisations: custom fields, a custom category, a custom column on the work table and
// a custom table. Ids follow Bob's shapes (`<category>.custom.field_<ms>`, `column_<ms>`, `<category>__table_<ms>`);
// clients must read them from metadata, never construct them.

export const CUSTOM_CATEGORY = { id: "category_1652274561548", name: "Training & compliance" } as const;

export const CUSTOM_FIELDS = {
  costCenter: "work.custom.field_1659639494941",
  /** Created under Work, then moved to the custom category: it keeps its id (DOC). */
  forkliftLicence: "work.custom.field_1671024183224",
  shirtSize: "about.custom.field_1659639522456",
  languages: "about.custom.field_1659639570333",
  learnerGroup: `custom.${CUSTOM_CATEGORY.id}.field_1652274599321`,
  inductionDate: `custom.${CUSTOM_CATEGORY.id}.field_1652274602477`,
} as const;

/** A custom column on the built-in work table: `work.customColumns.column_...`, `customColumns` in rows. */
export const WORK_COLUMN = {
  id: "column_1667499229415",
  fieldId: "work.customColumns.column_1667499229415",
  listId: "work.column_1667499229415",
  name: "Work arrangement",
} as const;

export const CUSTOM_TABLE_ID = `${CUSTOM_CATEGORY.id}__table_1652274633517`;

export const CUSTOM_TABLE_COLUMNS = {
  certification: "column_1652274650001",
  issuedOn: "column_1652274650002",
  expiresOn: "column_1652274650003",
  score: "column_1652274650004",
  verifiedBy: "column_1652274650005",
} as const;

/** A list column's list is the named list `<table id>.<column id>` (OBS). */
export const CERTIFICATION_LIST = `${CUSTOM_TABLE_ID}.${CUSTOM_TABLE_COLUMNS.certification}`;
