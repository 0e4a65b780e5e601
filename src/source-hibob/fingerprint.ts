import { createHash, type Hash } from "node:crypto";
import { nestedPath } from "../shared/bob-field-path.js";

/**
 * Bob has no "updated since", so incremental reads compare each employee with a fingerprint kept in state.
 * These fields change every day or every call without anyone editing the person; they stay out of it.
 */
export const VOLATILE_FIELDS: readonly string[] = [
  "avatarUrl",
  "coverImageUrl",
  "about.avatar",
  "work.tenureDuration",
  "work.tenureDurationYears",
  "work.tenureYears",
  "work.durationOfEmployment",
  "work.yearsOfService",
  "personal.age",
  "internal.periodSinceTermination",
  "internal.yearsSinceTermination",
];

/**
 * Field metadata types whose values move by themselves: a period counts days since a date (tenure, time since
 * termination, `payroll.timeSinceLastSalaryChange`), an avatar is a signed URL. Counters typed as plain numbers
 * (age, tenure in years) cannot be told by type, so the fixed list above stays.
 */
export const VOLATILE_TYPES: ReadonlySet<string> = new Set(["period", "avatar"]);

/** tenureDuration also comes as tenureDuration.periodISO etc. and as custom tenure variants, at any depth. */
const TENURE_PARENT = "work";
const TENURE_PREFIX = "tenureDuration";

/** 12 base64url characters = 72 bits: collisions are negligible and state stays under 48 bytes an employee. */
const FINGERPRINT_LENGTH = 12;

/** The volatile paths as a tree of keys, so a key is checked by one map lookup rather than by building its path. */
export interface VolatileNode {
  volatile: boolean;
  readonly children: Map<string, VolatileNode>;
}

function volatileTree(paths: Iterable<string>): VolatileNode {
  const root: VolatileNode = { volatile: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const key of path.split(".")) {
      let child = node.children.get(key);
      if (child === undefined) {
        child = { volatile: false, children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    node.volatile = true;
  }
  return root;
}

/** Which paths a fingerprint leaves out, in both forms: the tree for the walk, the set for keys holding a dot. */
export interface Volatility {
  readonly tree: VolatileNode;
  readonly paths: ReadonlySet<string>;
}

/**
 * The fixed list plus every field of `fields` whose metadata type moves by itself, at its place in the nested
 * form and in `humanReadable`. Built once per read, so each key still costs one map lookup.
 */
export function volatility(
  fields: readonly { readonly id: string; readonly type: string }[] = [],
): Volatility {
  const byType = fields
    .filter((field) => VOLATILE_TYPES.has(field.type))
    .map((f) => nestedPath(f.id).join("."));
  const paths = [...VOLATILE_FIELDS, ...byType];
  const all = new Set([...paths, ...paths.map((path) => `humanReadable.${path}`)]);
  return { tree: volatileTree(all), paths: all };
}

const FIXED = volatility();

/** The path-based rule, for keys that hold a dot themselves (the tree cannot tell `a.b` from `a` › `b`). */
function isVolatilePath(paths: ReadonlySet<string>, path: string): boolean {
  return paths.has(path) || /(^|\.)work\.tenureDuration/.test(path);
}

/** Above this many characters the canonical text is handed to the hash, so no employee is one big string. */
const HASH_CHUNK = 8_192;
/** Field names repeat from one employee to the next; their quoted form is kept, up to this many. */
const QUOTED_KEYS_LIMIT = 10_000;
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < QUOTED_KEYS_LIMIT) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * Writes the canonical JSON of a value (as JSON.parse gives it) piece by piece: keys sorted, volatile fields
 * left out. With a hash the text goes into it in chunks as it is written; without, it is collected.
 */
class CanonicalWriter {
  text = "";
  readonly #hash: Hash | undefined;
  readonly #paths: ReadonlySet<string>;
  /** The keys from the root to the value being written, for the rare key that holds a dot. */
  readonly #keys: string[] = [];

  constructor(paths: ReadonlySet<string>, hash?: Hash) {
    this.#paths = paths;
    this.#hash = hash;
  }

  #put(piece: string): void {
    this.text += piece;
    // Pieces end on whole JSON tokens, so a chunk never splits a surrogate pair.
    if (this.#hash !== undefined && this.text.length >= HASH_CHUNK) {
      this.#hash.update(this.text);
      this.text = "";
    }
  }

  finish(): void {
    if (this.#hash !== undefined && this.text !== "") this.#hash.update(this.text);
  }

  /**
   * `node` is the value's place in the volatile tree (undefined once off it), `underWork` whether its own key is
   * `work`, and `path` its dotted path once a key with a dot was met (undefined until then).
   */
  value(value: unknown, node: VolatileNode | undefined, underWork: boolean, path: string | undefined): void {
    if (typeof value === "string") this.#put(JSON.stringify(value));
    else if (typeof value === "number") this.#put(Number.isFinite(value) ? String(value) : "null");
    else if (typeof value === "boolean") this.#put(value ? "true" : "false");
    else if (value === null || value === undefined) this.#put("null");
    else if (Array.isArray(value)) {
      this.#put("[");
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.#put(",");
        this.value(value[i], node, underWork, path);
      }
      this.#put("]");
    } else if (typeof value === "object")
      this.#object(value as Record<string, unknown>, node, underWork, path);
    // Values come from JSON.parse; anything else (a function, a symbol) has no JSON text.
    else this.#put("null");
  }

  #object(
    object: Record<string, unknown>,
    node: VolatileNode | undefined,
    underWork: boolean,
    path: string | undefined,
  ): void {
    this.#put("{");
    let first = true;
    for (const key of Object.keys(object).sort()) {
      let childPath = path;
      if (path === undefined && key.includes(".")) {
        const parent = this.#keys.join(".");
        childPath = parent === "" ? key : `${parent}.${key}`;
      } else if (path !== undefined) {
        childPath = path === "" ? key : `${path}.${key}`;
      }
      const child = childPath === undefined ? node?.children.get(key) : undefined;
      const volatile =
        childPath === undefined
          ? (child?.volatile ?? false) || (underWork && key.startsWith(TENURE_PREFIX))
          : isVolatilePath(this.#paths, childPath);
      if (volatile) continue;
      this.#put(first ? quotedKey(key) : `,${quotedKey(key)}`);
      first = false;
      const item = object[key];
      if (childPath === undefined && typeof item === "object" && item !== null) {
        this.#keys.push(key);
        this.value(item, child, key === TENURE_PARENT, undefined);
        this.#keys.pop();
      } else {
        this.value(item, child, key === TENURE_PARENT, childPath);
      }
    }
    this.#put("}");
  }
}

/** JSON with sorted keys and volatile fields removed: equal employees give equal text. */
export function canonicalJson(value: unknown, volatile: Volatility = FIXED): string {
  const writer = new CanonicalWriter(volatile.paths);
  writer.value(value, volatile.tree, false, undefined);
  return writer.text;
}

/** The first 12 characters of the base64url SHA-256 of `canonicalJson(record)`, hashed as it is written. */
export function fingerprint(record: Readonly<Record<string, unknown>>, volatile: Volatility = FIXED): string {
  const hash = createHash("sha256");
  const writer = new CanonicalWriter(volatile.paths, hash);
  writer.value(record, volatile.tree, false, undefined);
  writer.finish();
  return hash.digest("base64url").slice(0, FINGERPRINT_LENGTH);
}

export type Fingerprints = ReadonlyMap<string, string>;
export type Change = "new" | "changed" | "unchanged";

const ENTRY = /^([^:,]+):([\w-]+)$/;

/**
 * Fingerprints as the state keeps them: `id:print` pairs joined by commas, 33 bytes an employee. One string rather
 * than a JSON map, so a checkpoint of 100,000 employees is one concatenation, not an object of 100,000 keys.
 */
export function encodeFingerprints(prints: Fingerprints, sorted = false): string {
  const ids = sorted ? [...prints.keys()].sort() : prints.keys();
  const parts: string[] = [];
  for (const id of ids) parts.push(`${id}:${prints.get(id) ?? ""}`);
  return parts.join(",");
}

/** The inverse of `encodeFingerprints`; undefined for text it did not write. */
export function decodeFingerprints(text: string): Map<string, string> | undefined {
  const prints = new Map<string, string>();
  if (text === "") return prints;
  for (const entry of text.split(",")) {
    const match = ENTRY.exec(entry);
    if (match?.[1] === undefined || match[2] === undefined) return undefined;
    prints.set(match[1], match[2]);
  }
  return prints;
}

/**
 * Compares one full pass over Bob with the fingerprints of the previous sync: which employees are new or changed,
 * and, once the pass is complete, which vanished (deleted, or no longer in the service user's scope).
 */
export class SnapshotDiff {
  readonly #previous: Fingerprints;
  readonly #current = new Map<string, string>();

  constructor(previous: Fingerprints = new Map()) {
    this.#previous = previous;
  }

  observe(id: string, print: string): Change {
    this.#current.set(id, print);
    const before = this.#previous.get(id);
    if (before === undefined) return "new";
    return before === print ? "unchanged" : "changed";
  }

  /** Ids in the previous sync that this pass did not see. Only meaningful after the whole pass. */
  vanished(): string[] {
    return [...this.#previous.keys()].filter((id) => !this.#current.has(id));
  }

  get seen(): number {
    return this.#current.size;
  }

  /** The fingerprints to keep after a complete pass. */
  fingerprints(): Fingerprints {
    return this.#current;
  }

  /**
   * The fingerprints to keep after part of a pass: the previous ones updated with what this pass saw. A sync
   * resumed from here neither re-emits the employees already sent nor forgets the ones still to compare.
   */
  merged(): Fingerprints {
    return new Map([...this.#previous, ...this.#current]);
  }

  /** `encodeFingerprints(merged())` without building the merged map: a checkpoint of 100,000 is one pass. */
  encodeMerged(): string {
    const parts: string[] = [];
    for (const [id, print] of this.#previous) parts.push(`${id}:${this.#current.get(id) ?? print}`);
    for (const [id, print] of this.#current) {
      if (!this.#previous.has(id)) parts.push(`${id}:${print}`);
    }
    return parts.join(",");
  }
}
