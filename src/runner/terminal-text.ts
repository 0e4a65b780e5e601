// Text the runner prints comes from HR data, remote errors and command lines. A terminal obeys what it is sent:
// an escape sequence can clear the screen or rewrite earlier lines, a carriage return overwrite a line, a bidi
// override show text in another order than it is, and a zero-width character make two names look alike.

/** Bidi embeddings, overrides, isolates and marks, zero-width spaces and joiners, soft hyphens, tags: removed. */
const FORMAT = /\p{Cf}/gu;
/** C0 and C1 controls (escape, carriage return, newline, tab, DEL, CSI) and line separators: one space a run. */
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;
/** Half of a surrogate pair on its own: not a character a terminal can show. */
const LONE_SURROGATE = /\p{Cs}/gu;

/** `text` as one line that shows on a terminal exactly what it says. */
export function terminalText(text: string): string {
  return text.replace(FORMAT, "").replace(BREAKS, " ").replace(LONE_SURROGATE, "\uFFFD");
}
