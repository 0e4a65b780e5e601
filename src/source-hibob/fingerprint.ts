import { createHash } from "node:crypto";

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

const VOLATILE_PATHS = new Set([
  ...VOLATILE_FIELDS,
  ...VOLATILE_FIELDS.map((path) => `humanReadable.${path}`),
]);

/** 12 base64url characters = 72 bits: collisions are negligible and state stays under 48 bytes an employee. */
const FINGERPRINT_LENGTH = 12;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isVolatile(path: string): boolean {
  if (VOLATILE_PATHS.has(path)) return true;
  // tenureDuration also comes as tenureDuration.periodISO etc. and as custom tenure variants.
  return /(^|\.)work\.tenureDuration/.test(path);
}

/** JSON with sorted keys and volatile fields removed: equal employees give equal text. */
export function canonicalJson(value: unknown, path = ""): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, path)).join(",")}]`;
  if (value === undefined) return "null";
  if (!isPlainObject(value)) return JSON.stringify(value);
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const childPath = path === "" ? key : `${path}.${key}`;
      return isVolatile(childPath) ? [] : [`${JSON.stringify(key)}:${canonicalJson(value[key], childPath)}`];
    });
  return `{${entries.join(",")}}`;
}

export function fingerprint(record: Readonly<Record<string, unknown>>): string {
  return createHash("sha256").update(canonicalJson(record)).digest("base64url").slice(0, FINGERPRINT_LENGTH);
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
}
