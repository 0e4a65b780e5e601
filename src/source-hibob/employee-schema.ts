import type { JsonSchema } from "../protocol/index.js";
import type { FieldMetadata } from "./field-metadata.js";
import { nestedPath } from "../shared/bob-field-path.js";

/** The cursor: when the source saw this version of the employee (Bob keeps no updated-at). */
export const SYNCED_AT = "_ab_cdc_updated_at";
/** Set on the one record that reports an employee who vanished from Bob. */
export const DELETED_AT = "_ab_cdc_deleted_at";

const nullable = (type: string): JsonSchema => ({ type: [type, "null"] });

/** Bob's field types → JSON Schema. Ids stay strings; dates stay calendar strings. */
export function schemaForType(type: string): JsonSchema {
  switch (type) {
    case "text":
    case "text-area":
    case "list":
    case "hierarchy-list":
    case "employee-reference":
    case "avatar":
    case "ssn":
    case "time":
      return nullable("string");
    case "date":
      return { type: ["string", "null"], format: "date" };
    case "short-date":
      return nullable("string");
    case "number":
      return nullable("number");
    case "boolean":
      return nullable("boolean");
    case "list_id":
      // Site ids come as numbers on some tenants and as strings on others.
      return { type: ["number", "string", "null"] };
    case "multi-list":
      return { type: ["array", "null"], items: { type: "string" } };
    case "currency":
      return {
        type: ["object", "null"],
        properties: { value: nullable("number"), currency: nullable("string") },
        additionalProperties: true,
      };
    case "employee":
      return {
        type: ["object", "null"],
        properties: {
          id: nullable("string"),
          firstName: nullable("string"),
          surname: nullable("string"),
          email: nullable("string"),
          displayName: nullable("string"),
        },
        additionalProperties: true,
      };
    default:
      // period, duration_with_unit, working_pattern and types Bob adds later: any JSON value.
      return {};
  }
}

interface ObjectSchema extends JsonSchema {
  type: string | string[];
  properties: Record<string, JsonSchema>;
  additionalProperties: true;
}

function objectSchema(type: string | string[]): ObjectSchema {
  return { type, properties: {}, additionalProperties: true };
}

function isObjectSchema(schema: JsonSchema | undefined): schema is ObjectSchema {
  return typeof schema?.properties === "object" && schema.properties !== null;
}

/** Puts a leaf schema at a nested path, creating the nullable category objects on the way. */
function place(root: ObjectSchema, path: readonly string[], leaf: JsonSchema): void {
  const last = path.at(-1);
  if (last === undefined) return;
  let node = root;
  for (const key of path.slice(0, -1)) {
    const existing = node.properties[key];
    if (isObjectSchema(existing)) {
      node = existing;
    } else {
      const child = objectSchema(["object", "null"]);
      node.properties[key] = child;
      node = child;
    }
  }
  node.properties[last] ??= leaf;
}

/**
 * The `employees` record schema, built from Bob's field metadata at discover time so custom fields are typed too:
 * the nested category form, a `humanReadable` mirror with display strings, and the deletion marker.
 */
export function employeeSchema(fields: readonly FieldMetadata[]): JsonSchema {
  const root = objectSchema("object");
  const humanReadable = objectSchema(["object", "null"]);
  place(root, ["id"], { type: "string" });
  for (const field of fields) {
    const path = nestedPath(field.id);
    place(root, path, { ...schemaForType(field.type), ...(field.name === "" ? {} : { title: field.name }) });
    // Labels are display strings whatever the machine shape, so only the category level is described.
    const [top, ...rest] = path;
    if (top !== undefined)
      humanReadable.properties[top] ??= rest.length === 0 ? {} : objectSchema(["object", "null"]);
  }
  root.properties.humanReadable = humanReadable;
  root.properties[SYNCED_AT] = { type: ["string", "null"], format: "date-time" };
  root.properties[DELETED_AT] = { type: ["string", "null"], format: "date-time" };
  return { $schema: "http://json-schema.org/draft-07/schema#", ...root, required: ["id"] };
}
