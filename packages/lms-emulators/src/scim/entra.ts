import { isJsonObject } from "@hibob-learners/emulator-kit";
import { isBoolean, pathSegments } from "./schema-paths.js";
import type { SchemaDefinition } from "./scimmy.js";

/**
 * Entra-compat mode. Entra ID (without the `aadOptscim062020` flag) sends booleans as "True"/"False" strings,
 * which scimmy refuses with 400 invalidValue (its maintainer declines to coerce: scimmy#51, #86). Capitalised
 * ops ("Replace") need no shim: scimmy lower-cases ops itself. Path-less values with dotted keys
 * ({"name.givenName": …}) are also handled by scimmy; this shim only needs to follow them to find booleans.
 */
export function entraCompatResource(definition: SchemaDefinition, body: unknown): unknown {
  return coerceBooleanStrings(definition, body, []);
}

export function entraCompatPatch(definition: SchemaDefinition, body: unknown): unknown {
  if (!isJsonObject(body) || !Array.isArray(body.Operations)) return body;
  const operations = body.Operations.map((operation) => {
    if (!isJsonObject(operation) || !("value" in operation)) return operation;
    const base = typeof operation.path === "string" ? pathSegments(definition, operation.path) : [];
    return { ...operation, value: coerceBooleanStrings(definition, operation.value, base) };
  });
  return { ...body, Operations: operations };
}

function coerceBooleanStrings(
  definition: SchemaDefinition,
  value: unknown,
  path: readonly string[],
): unknown {
  if (typeof value === "string") {
    return /^(true|false)$/i.test(value) && isBoolean(definition, path)
      ? value.toLowerCase() === "true"
      : value;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => coerceBooleanStrings(definition, item, path));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const segments = path.length === 0 ? pathSegments(definition, key) : [...path, ...key.split(".")];
        return [key, coerceBooleanStrings(definition, item, segments)];
      }),
    );
  }
  return value;
}
