/**
 * Masks secret values in every string that leaves the process. A secret can surface in other spellings than the
 * raw one: escaped inside a JSON line, percent-encoded in a URL, or inside a Basic auth header, so each registered
 * value is masked in all of those forms.
 */
export const MASK = "****";

export class Redactor {
  #needles: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret; connectors also add derived values such as `base64(id:token)`. */
  add(secret: string): void {
    if (secret.length === 0) return;
    const spellings = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
    for (const spelling of spellings) {
      if (!this.#needles.includes(spelling)) this.#needles.push(spelling);
    }
    // Longest first, so a secret that contains another is masked whole.
    this.#needles.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.#needles.length;
  }

  redact(text: string): string {
    let result = text;
    for (const needle of this.#needles) {
      if (result.includes(needle)) result = result.split(needle).join(MASK);
    }
    return result;
  }
}

type JsonSchemaNode = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The values of a config that sit under `airbyte_secret: true` in its spec. Reads the raw config, before it is
 * validated, so that a config rejected for another field still has its secrets masked. `oneOf` variants are all
 * consulted because the config may not yet say which one it means.
 */
export function secretValues(schema: JsonSchemaNode, config: unknown): string[] {
  const found: string[] = [];
  const visit = (node: JsonSchemaNode, value: unknown): void => {
    if (node.airbyte_secret === true) {
      if (typeof value === "string") found.push(value);
      else if (typeof value === "number") found.push(String(value));
      return;
    }
    if (!isObject(value)) return;
    if (isObject(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (isObject(child)) visit(child, value[key]);
      }
    }
    for (const keyword of ["oneOf", "anyOf", "allOf"]) {
      const variants = node[keyword];
      if (Array.isArray(variants)) {
        for (const variant of variants) if (isObject(variant)) visit(variant, value);
      }
    }
  };
  visit(schema, config);
  return found;
}
