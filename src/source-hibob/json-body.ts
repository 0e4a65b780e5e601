/** Bodies below this are decoded and parsed whole: splitting only pays for large lists. */
export const SPLIT_ABOVE_BYTES = 256 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(bytes: Uint8Array, at: number): number {
  let i = at;
  while (i < bytes.length && isSpace(bytes[i] ?? 0)) i += 1;
  return i;
}

/** The index after the string that opens at `at`, or -1 if it does not end. */
function skipString(bytes: Uint8Array, at: number): number {
  for (let i = at + 1; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte === BACKSLASH) i += 1;
    else if (byte === QUOTE) return i + 1;
  }
  return -1;
}

/** The index after the value that starts at `at`, or -1 where the text is not followed (JSON.parse will tell). */
function skipValue(bytes: Uint8Array, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return skipString(bytes, at);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let i = at;
    while (i < bytes.length) {
      const byte = bytes[i] ?? 0;
      if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || isSpace(byte)) break;
      i += 1;
    }
    return i > at ? i : -1;
  }
  let depth = 0;
  for (let i = at; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      i = skipString(bytes, i);
      if (i < 0) return -1;
      i -= 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth += 1;
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function sameBytes(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i += 1) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

interface Split {
  /** The list's key, as its JSON text. */
  readonly key: readonly [number, number];
  /** Where the list's `[` and `]` are. */
  readonly open: number;
  readonly close: number;
  /** Each element's [start, end). */
  readonly elements: readonly (readonly [number, number])[];
}

/**
 * Finds the first list of objects in a top-level object, with every byte between its elements checked to be a
 * separator. Undefined when the body has another shape or is not JSON, and when a key is escaped or the list's
 * key comes twice, where telling which value JSON.parse keeps would take more than bytes.
 */
function splitList(bytes: Uint8Array): Split | undefined {
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_OBJECT) return undefined;
  let split: Split | undefined;
  i = skipSpace(bytes, i + 1);
  if (bytes[i] === CLOSE_OBJECT) return undefined;
  for (;;) {
    if (bytes[i] !== QUOTE) return undefined;
    const keyStart = i;
    const keyEnd = skipString(bytes, i);
    if (keyEnd < 0 || bytes.subarray(keyStart, keyEnd).includes(BACKSLASH)) return undefined;
    if (split !== undefined && sameBytes(bytes, keyStart, keyEnd, bytes.subarray(...split.key)))
      return undefined;
    i = skipSpace(bytes, keyEnd);
    if (bytes[i] !== COLON) return undefined;
    i = skipSpace(bytes, i + 1);
    const open = i;
    if (
      split === undefined &&
      bytes[open] === OPEN_ARRAY &&
      bytes[skipSpace(bytes, open + 1)] === OPEN_OBJECT
    ) {
      const elements: [number, number][] = [];
      i = skipSpace(bytes, open + 1);
      for (;;) {
        if (bytes[i] !== OPEN_OBJECT) return undefined;
        const end = skipValue(bytes, i);
        if (end < 0) return undefined;
        elements.push([i, end]);
        i = skipSpace(bytes, end);
        if (bytes[i] === CLOSE_ARRAY) break;
        if (bytes[i] !== COMMA) return undefined;
        i = skipSpace(bytes, i + 1);
      }
      split = { key: [keyStart, keyEnd], open, close: i, elements };
      i += 1;
    } else {
      i = skipValue(bytes, i);
      if (i < 0) return undefined;
    }
    i = skipSpace(bytes, i);
    if (bytes[i] === CLOSE_OBJECT) break;
    if (bytes[i] !== COMMA) return undefined;
    i = skipSpace(bytes, i + 1);
  }
  return skipSpace(bytes, i + 1) === bytes.length ? split : undefined;
}

/**
 * `JSON.parse` of a UTF-8 body, the same value and the same failures, for bodies that are mostly one list of
 * objects (Bob's people search: `{"employees": [...]}`, several MB for 1,000 people). Decoded whole, such a
 * body is one string of up to twice its size in the large-object space, for every batch: the heap grows by that
 * much garbage between collections. Here each element is decoded and parsed on its own, so only small strings
 * are made and they die young. The rest of the body is parsed with the list left empty, so every byte still
 * goes through JSON.parse.
 */
export function parseJsonBody(body: Buffer, splitAbove = SPLIT_ABOVE_BYTES): unknown {
  const split = body.length > splitAbove ? splitList(body) : undefined;
  const key = split === undefined ? undefined : (JSON.parse(body.toString("utf8", ...split.key)) as string);
  if (split === undefined || key === undefined || key === "__proto__")
    return JSON.parse(body.toString("utf8"));
  const rest = JSON.parse(
    body.toString("utf8", 0, split.open + 1) + body.toString("utf8", split.close),
  ) as Record<string, unknown>;
  // The separators were checked: elements that each parse make a body that parses whole.
  rest[key] = split.elements.map(([start, end]) => JSON.parse(body.toString("utf8", start, end)) as unknown);
  return rest;
}
