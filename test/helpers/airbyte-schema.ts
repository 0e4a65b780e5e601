import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

/** The official Airbyte protocol schema (v0.18.0), kept verbatim beside the other test fixtures. */
export const PROTOCOL_SCHEMA_PATH = fileURLToPath(
  new URL("../fixtures/reference/airbyte_protocol.yaml", import.meta.url),
);

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function compileDefinitions(): (definition: string) => ValidateFunction {
  const schema = parse(readFileSync(PROTOCOL_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
  // The schema carries codegen keywords (existingJavaType) that are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(schema, "airbyte");
  const cache = new Map<string, ValidateFunction>();
  return (definition) => {
    let validate = cache.get(definition);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `airbyte#/definitions/${definition}` });
      cache.set(definition, validate);
    }
    return validate;
  };
}

const definitions = compileDefinitions();

/** Validation errors of `value` against one definition of the official schema; empty when valid. */
export function protocolErrors(definition: string, value: unknown): string[] {
  const validate = definitions(definition);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}
