import { describe, expect, it } from "vitest";
import { shownName, spelledOut } from "./shown-text.js";

describe("shownName", () => {
  it.each([
    ["Jane Doe", "Jane Doe"],
    ["Zoë O'Brien-Łukasik", "Zoë O'Brien-Łukasik"],
    ["Eve <boss@acme.example>", '"Eve <boss@acme.example>"'],
    ['Say "hi"', '"Say \\"hi\\""'],
    ["Back\\slash", '"Back\\\\slash"'],
    ["Line\nbreak", '"Line\\u000Abreak"'],
    ["Mal\u2028lory\u202e", '"Mal\\u2028lory\\u202E"'],
    ["Tag\u{E0041}", '"Tag\\u{E0041}"'],
    [" padded", '" padded"'],
    ["Ann (Finance)", '"Ann (Finance)"'],
  ])("shows %j as %s", (name, shown) => {
    expect(shownName(name)).toBe(shown);
  });
});

describe("spelledOut", () => {
  it("spells out what JSON leaves as it is, and nothing else", () => {
    expect(spelledOut(JSON.stringify("a\u2028b\u202ec\u0085\u00e9"))).toBe('"a\\u2028b\\u202Ec\\u0085é"');
  });
});
