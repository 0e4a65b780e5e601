// Bob's values in a line of text: a name or value may hold what a reader cannot see (a line break, a bidi
// override, a zero-width character) or what reads as the line's own punctuation (`Eve <boss@acme.test>`).
import {
  CONTROL_CHARACTERS,
  characterPattern,
  FORMAT_CHARACTERS,
  LINE_SEPARATORS,
} from "../shared/invisible-characters.js";

const INVISIBLE = [CONTROL_CHARACTERS, FORMAT_CHARACTERS, LINE_SEPARATORS];
const HIDDEN = characterPattern(INVISIBLE, "gu");
/** What could pass for a line's own punctuation (`Eve <boss@acme.test>`) or hide in it. */
const UNSAFE_IN_NAME = new RegExp(`[<>"()@\\\\${INVISIBLE.join("")}]`, "u");

const spelled = (char: string): string => {
  const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex}`;
};

/** `text` with every invisible character spelled out as a JSON escape; JSON leaves bidi controls and U+2028. */
export const spelledOut = (text: string): string => text.replace(HIDDEN, spelled);

/**
 * A name as a line shows it. One that could pose as someone else's address or hide something (a line break,
 * a bidi or invisible character, spaces at either end) is quoted, with `"` and `\` escaped and invisible
 * characters spelled out (`"Mal\u2028lory"`), so the line says exactly what Bob holds.
 */
export function shownName(name: string): string {
  if (!UNSAFE_IN_NAME.test(name) && name.trim() === name) return name;
  return `"${spelledOut(name.replace(/["\\]/g, (char) => `\\${char}`))}"`;
}
