// Text the runner prints comes from HR data, remote errors and command lines. A terminal obeys what it is sent:
// an escape sequence can clear the screen or rewrite earlier lines, a carriage return overwrite a line, a bidi
// override show text in another order than it is, and a zero-width character make two names look alike.

import {
  CONTROL_CHARACTERS,
  characterPattern,
  FORMAT_CHARACTERS,
  LINE_SEPARATORS,
} from "../shared/invisible-characters.js";

/** Format characters (invisible): removed. */
const FORMAT = characterPattern([FORMAT_CHARACTERS], "gu");
/** Controls and line separators: one space a run. */
const BREAKS = characterPattern([CONTROL_CHARACTERS, LINE_SEPARATORS], "gu", "+");
/** Half of a surrogate pair on its own: not a character a terminal can show. */
const LONE_SURROGATE = /\p{Cs}/gu;

/** `text` as one line that shows on a terminal exactly what it says. */
export function terminalText(text: string): string {
  return text.replace(FORMAT, "").replace(BREAKS, " ").replace(LONE_SURROGATE, "\uFFFD");
}
