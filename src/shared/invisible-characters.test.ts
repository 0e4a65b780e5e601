import { describe, expect, it } from "vitest";
import {
  CONTROL_CHARACTERS,
  characterPattern,
  FORMAT_CHARACTERS,
  LINE_SEPARATORS,
} from "./invisible-characters.js";

describe("invisible characters", () => {
  it.each([
    ["escape", "\u001b", CONTROL_CHARACTERS],
    ["carriage return", "\r", CONTROL_CHARACTERS],
    ["C1 CSI", "\u009b", CONTROL_CHARACTERS],
    ["right-to-left override", "\u202e", FORMAT_CHARACTERS],
    ["zero-width joiner", "\u200d", FORMAT_CHARACTERS],
    ["line separator", "\u2028", LINE_SEPARATORS],
    ["paragraph separator", "\u2029", LINE_SEPARATORS],
  ])("%s is in its class and no visible letter is", (_name, char, characterClass) => {
    expect(characterPattern([characterClass]).test(char)).toBe(true);
    expect(characterPattern([characterClass]).test("a é 1 @")).toBe(false);
  });

  it("matches a whole run with +, for replacing it at once", () => {
    const breaks = characterPattern([CONTROL_CHARACTERS, LINE_SEPARATORS], "gu", "+");
    expect("a\r\n\u2028b\tc".replace(breaks, " ")).toBe("a b c");
  });
});
