import type { JsonObject, JsonValue } from "@hibob-learners/emulator-kit";
import { isJsonObject } from "@hibob-learners/emulator-kit";
import { ScimHttpError, toScimHttpError } from "./errors.js";
import { extensionIds, isCaseInsensitive } from "./schema-paths.js";
import type { SchemaDefinition } from "./scimmy.js";
import { Types } from "./scimmy.js";

/**
 * Filters are parsed and matched by scimmy. In strict mode the emulator first repairs what scimmy gets wrong
 * (see docs/target-emulators.md): it rejects comparisons without a value, nests extension-URN paths so they
 * can match at all, and folds caseExact=false attributes to lower case on both sides of the comparison.
 */
export interface CompiledFilter {
  readonly filter: Types.Filter;
  readonly foldCase: boolean;
  /** Dotted paths (lower case) compared exactly although the schema says caseExact=false. */
  readonly caseExact: ReadonlySet<string>;
  /** A top-level `attr eq "value"` the store can answer from an index before scimmy matches the rest. */
  readonly hint: IndexHint | undefined;
}

export interface IndexHint {
  readonly attribute: "id" | "userName" | "externalId" | "displayName";
  readonly value: string;
}

type Comparison = readonly [string, ...unknown[]];

export function compileFilter(
  expression: string,
  definition: SchemaDefinition,
  strict: boolean,
  caseExactPaths: readonly string[] = [],
): CompiledFilter {
  if (expression.trim() === "") throw new ScimHttpError(400, "invalidFilter", "filter must not be empty");
  const parsed = parse(expression);
  const caseExact = new Set(caseExactPaths.map((path) => path.toLowerCase()));
  if (!strict) return { filter: parsed, foldCase: false, caseExact, hint: indexHint(parsed) };
  const folds = folder(definition, caseExact);

  const branches: unknown[] = [...parsed];
  for (const branch of branches) validate(branch, expression);
  const repaired = branches.map((branch) =>
    foldValues(folds, isJsonObject(branch) ? nestExtensions(definition, branch) : branch, []),
  );
  const filter = parse(repaired);
  return { filter, foldCase: true, caseExact, hint: indexHint(filter) };
}

/** The subset of `resources` the filter selects, in their original order and original case. */
export function applyFilter(
  compiled: CompiledFilter,
  definition: SchemaDefinition,
  resources: readonly JsonObject[],
): JsonObject[] {
  if (!compiled.foldCase) return matched(compiled.filter, resources);
  const folds = folder(definition, compiled.caseExact);
  // One resource at a time: scimmy throws (instead of "no match") when a resource lacks the complex attribute
  // a sub-attribute filter dives into, e.g. `emails.value eq "x"` against a user without emails.
  return resources.filter((resource) => {
    try {
      return matched(compiled.filter, [foldResource(folds, resource, [])]).length === 1;
    } catch {
      return false;
    }
  });
}

/** Whether values at a path compare case-insensitively: the schema says so and the server does not override. */
type Folds = (path: readonly string[]) => boolean;

function folder(definition: SchemaDefinition, caseExact: ReadonlySet<string>): Folds {
  return (path) => isCaseInsensitive(definition, path) && !caseExact.has(path.join(".").toLowerCase());
}

function foldResource(folds: Folds, value: JsonValue, path: readonly string[]): JsonValue {
  if (typeof value === "string") return folds(path) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map((item) => foldResource(folds, item, path));
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) copy[key] = foldResource(folds, item, [...path, key]);
    return copy;
  }
  return value;
}

function parse(expression: string | unknown[]): Types.Filter {
  try {
    return new Types.Filter(expression);
  } catch (error) {
    const problem = toScimHttpError(error);
    throw new ScimHttpError(400, "invalidFilter", problem.message);
  }
}

function matched(filter: Types.Filter, resources: readonly JsonValue[]): JsonObject[] {
  const result: unknown[] = filter.match([...resources]);
  return result.filter(isJsonObject);
}

function isComparison(node: unknown): node is Comparison {
  return Array.isArray(node) && typeof node[0] === "string";
}

function validate(node: unknown, expression: string): void {
  if (isComparison(node)) {
    validateComparison(node, expression);
    return;
  }
  if (Array.isArray(node)) {
    for (const item of node) validate(item, expression);
    return;
  }
  if (typeof node === "object" && node !== null) {
    for (const item of Object.values(node)) validate(item, expression);
  }
}

function validateComparison(comparison: Comparison, expression: string): void {
  const negated = comparison[0].toLowerCase() === "not";
  const [operator, ...values] = negated ? comparison.slice(1) : comparison;
  if (typeof operator !== "string") {
    throw new ScimHttpError(
      400,
      "invalidFilter",
      `filter '${expression}' has a comparison without an operator`,
    );
  }
  const unary = ["pr", "np"].includes(operator.toLowerCase());
  if (!unary && values.length === 0) {
    throw new ScimHttpError(
      400,
      "invalidFilter",
      `'${operator}' in filter '${expression}' has no value to compare`,
    );
  }
}

/** scimmy keys "urn:…:User:department" as one attribute name that no resource has; nest it under the URN. */
function nestExtensions(definition: SchemaDefinition, branch: JsonObject): JsonObject {
  const extensions = extensionIds(definition);
  const nested: JsonObject = {};
  for (const [key, value] of Object.entries(branch)) {
    const extension = extensions.find((id) => key.toLowerCase().startsWith(`${id.toLowerCase()}:`));
    if (extension === undefined) {
      nested[key] = value;
      continue;
    }
    const inner = nested[extension];
    nested[extension] = { ...(isJsonObject(inner) ? inner : {}), [key.slice(extension.length + 1)]: value };
  }
  return nested;
}

function foldValues(folds: Folds, node: unknown, path: readonly string[]): unknown {
  if (isComparison(node)) {
    return folds(path)
      ? node.map((part, index) => (index > 0 && typeof part === "string" ? part.toLowerCase() : part))
      : node;
  }
  if (Array.isArray(node)) return node.map((item: unknown) => foldValues(folds, item, path));
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [key, foldValues(folds, item, [...path, key])]),
    );
  }
  return node;
}

function indexHint(filter: Types.Filter): IndexHint | undefined {
  const branches: unknown[] = [...filter];
  const [branch] = branches;
  if (branches.length !== 1 || !isJsonObject(branch)) return undefined;
  for (const attribute of ["id", "userName", "externalId", "displayName"] as const) {
    const key = Object.keys(branch).find((name) => name.toLowerCase() === attribute.toLowerCase());
    const node = key === undefined ? undefined : branch[key];
    if (
      isComparison(node) &&
      node.length === 2 &&
      node[0].toLowerCase() === "eq" &&
      typeof node[1] === "string"
    ) {
      return { attribute, value: node[1] };
    }
  }
  return undefined;
}
