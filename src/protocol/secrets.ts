import { isRecord } from "../shared/is-record.js";

/**
 * Masks secret values in every string that leaves the process. A secret can surface in other spellings than the
 * raw one: escaped inside a JSON text, percent-encoded in a URL, or inside a Basic auth header, so each registered
 * value is masked in all of those forms. JSON is masked value by value, never as text: a short secret such as `T`
 * would otherwise rewrite `"TRACE"` and `"type"` and leave lines no reader understands.
 */
export const MASK = "****";

/** How a string that contains `text` spells it inside JSON: quotes, backslashes and control characters escaped. */
function jsonSpelling(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export class Redactor {
  /** Every spelling of every secret, longest first, so a secret that contains another is masked whole. */
  #needles: string[] = [];
  /** The same spellings as they appear inside a JSON text: the cheap test that a value holds one. */
  #jsonNeedles: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret; connectors also add derived values such as `base64(id:token)`. */
  add(secret: string): void {
    if (secret.length === 0) return;
    for (const spelling of [secret, jsonSpelling(secret), encodeURIComponent(secret)]) {
      if (!this.#needles.includes(spelling)) this.#needles.push(spelling);
      const json = jsonSpelling(spelling);
      if (!this.#jsonNeedles.includes(json)) this.#jsonNeedles.push(json);
    }
    this.#needles.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.#needles.length;
  }

  /** Masks secrets in plain text (a log line, a usage message). Never use it on JSON: see `redactValues`. */
  redact(text: string): string {
    let result = text;
    for (const needle of this.#needles) {
      if (result.includes(needle)) result = result.split(needle).join(MASK);
    }
    return result;
  }

  /**
   * Whether a JSON text may hold a secret in one of its strings. A string that contains a spelling of a secret is
   * serialised with that spelling JSON-escaped, so when this is false no string of the value needs masking; a
   * true may come from a key or a keyword alone, which `redactValues` leaves as they are.
   */
  mentionedIn(json: string): boolean {
    for (const needle of this.#jsonNeedles) if (json.includes(needle)) return true;
    return false;
  }

  /**
   * A copy of a JSON value with secrets masked in its string values only: keys, numbers, booleans and the shape
   * are kept, so masking can never make a document unreadable or change what it says where, whatever the secret.
   */
  redactValues<T>(value: T): T {
    return this.#redactValue(value) as T;
  }

  #redactValue(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((item: unknown) => this.#redactValue(item));
    if (typeof value !== "object" || value === null) return value;
    if (hasToJson(value)) return this.#redactValue(value.toJSON());
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = this.#redactValue(item);
    return copy;
  }
}

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

type JsonSchemaNode = Readonly<Record<string, unknown>>;

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
    if (!isRecord(value)) return;
    if (isRecord(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (isRecord(child)) visit(child, value[key]);
      }
    }
    for (const keyword of ["oneOf", "anyOf", "allOf"]) {
      const variants = node[keyword];
      if (Array.isArray(variants)) {
        for (const variant of variants) if (isRecord(variant)) visit(variant, value);
      }
    }
  };
  visit(schema, config);
  return found;
}
