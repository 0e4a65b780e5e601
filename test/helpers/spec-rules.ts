/**
 * The acceptance tests' rules for a connectionSpecification (connector_acceptance_test `test_core.py` spec
 * checks), restated so every spec the project ships can be held to them without Docker or Python.
 */
type Node = Record<string, unknown>;

const FORBIDDEN = [
  "$ref",
  "not",
  "anyOf",
  "allOf",
  "patternProperties",
  "prefixItems",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "dependentRequired",
];
const SECRET_NAMES = new Set([
  "password",
  "token",
  "api_token",
  "access_token",
  "client_secret",
  "secret",
  "key",
  "credentials",
  "refresh_token",
  "jwt",
  "certificate",
  "app_id",
  "appid",
  "tenant_id",
  "service_account",
  "service_account_info",
  "client_token",
]);

/** A property marked secret must be named like one (`service_user_token` contains `token`). */
function looksSecret(name: string): boolean {
  return [...SECRET_NAMES].some((word) => name.toLowerCase().includes(word));
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function specViolations(spec: Node): string[] {
  const problems: string[] = [];
  const visit = (node: Node, path: string, topLevel: boolean): void => {
    for (const keyword of FORBIDDEN)
      if (keyword in node) problems.push(`${path}: forbidden keyword ${keyword}`);
    if ("additionalProperties" in node && node.additionalProperties !== true) {
      problems.push(`${path}: additionalProperties must be true`);
    }
    const type = node.type;
    if (Array.isArray(type) && !(type.length === 1 || (type.length === 2 && type[1] === "null"))) {
      problems.push(`${path}: type array must be [T] or [T, "null"]`);
    }
    if (Array.isArray(node.enum) && new Set(node.enum).size !== node.enum.length)
      problems.push(`${path}: duplicate enum`);
    if ("group" in node && !topLevel) problems.push(`${path}: group only on top-level properties`);
    if ("display_type" in node && !("oneOf" in node)) problems.push(`${path}: display_type only on oneOf`);
    if (type === "object" && !isNode(node.properties) && !Array.isArray(node.oneOf) && path !== "") {
      problems.push(`${path}: an object needs properties or oneOf`);
    }
    if (Array.isArray(node.items)) problems.push(`${path}: items must be one schema`);
    if (isNode(node.items)) visit(node.items, `${path}[]`, false);
    if (Array.isArray(node.oneOf)) checkOneOf(node, path, problems, visit);
    if (isNode(node.properties)) {
      const orders: unknown[] = [];
      for (const [name, child] of Object.entries(node.properties)) {
        if (!isNode(child)) continue;
        const childPath = path === "" ? name : `${path}.${name}`;
        const scalar = child.type === "string" || child.type === "number" || child.type === "integer";
        if (SECRET_NAMES.has(name) && scalar && child.airbyte_secret !== true)
          problems.push(`${childPath}: must be airbyte_secret`);
        if (child.airbyte_secret === true && !looksSecret(name))
          problems.push(`${childPath}: not a secret name`);
        if ("order" in child) orders.push(child.order);
        visit(child, childPath, path === "");
      }
      if (new Set(orders).size !== orders.length)
        problems.push(`${path || "(root)"}: duplicate order values`);
    }
  };
  visit(spec, "", true);
  return problems;
}

function checkOneOf(
  node: Node,
  path: string,
  problems: string[],
  visit: (n: Node, p: string, t: boolean) => void,
): void {
  if (node.type !== "object") problems.push(`${path}: a oneOf parent must be type object`);
  const variants = (node.oneOf as unknown[]).filter(isNode);
  const constKeys = variants.map((variant) =>
    Object.entries(isNode(variant.properties) ? variant.properties : {})
      .filter(([, child]) => isNode(child) && "const" in child)
      .map(([name]) => name),
  );
  const shared = constKeys[0]?.filter((key) => constKeys.every((keys) => keys.includes(key))) ?? [];
  if (shared.length === 0) problems.push(`${path}: oneOf variants need one shared const property`);
  variants.forEach((variant, index) => {
    if (!isNode(variant.properties)) problems.push(`${path}.oneOf[${index}]: needs properties`);
    for (const child of Object.values(isNode(variant.properties) ? variant.properties : {})) {
      if (!isNode(child) || !("const" in child)) continue;
      if ("default" in child && child.default !== child.const)
        problems.push(`${path}.oneOf[${index}]: default must equal const`);
      if (Array.isArray(child.enum) && !(child.enum.length === 1 && child.enum[0] === child.const)) {
        problems.push(`${path}.oneOf[${index}]: enum may only be [const]`);
      }
    }
    visit(variant, `${path}.oneOf[${index}]`, false);
  });
}
