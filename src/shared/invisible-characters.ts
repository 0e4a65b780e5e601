// Characters that do not show as what they are. The destination refuses them in an email and spells them out in
// a reason; the runner keeps them off the terminal. See calendar-date.ts for why this lives in src/shared.

/** C0 and C1 controls: escape, carriage return, newline, tab, DEL, CSI. */
export const CONTROL_CHARACTERS = "\\p{Cc}";
/** Bidi embeddings, overrides, isolates and marks, zero-width spaces and joiners, soft hyphens, tags. */
export const FORMAT_CHARACTERS = "\\p{Cf}";
/** Line and paragraph separators (U+2028, U+2029): a line break to whatever shows the text. */
export const LINE_SEPARATORS = "\\p{Zl}\\p{Zp}";

/**
 * A Unicode regular expression for one character of any of `classes` (the constants above), or for a run of
 * them with `+`. Global ("gu") only for replace: a global pattern's `exec` and `test` carry state between calls.
 */
export function characterPattern(
  classes: readonly string[],
  flags: "u" | "gu" = "u",
  run: "" | "+" = "",
): RegExp {
  return new RegExp(`[${classes.join("")}]${run}`, flags);
}
