import { describe, expect, it } from "vitest";
import { terminalText } from "./terminal-text.js";

describe("terminalText", () => {
  it.each([
    ["an escape sequence (clear screen)", "a\x1b[2Jb", "a [2Jb"],
    ["a carriage return", "Jane\rMallory", "Jane Mallory"],
    ["a newline and a tab", "one\n\ttwo", "one two"],
    ["a C1 control (CSI)", "a\u009b31mb", "a 31mb"],
    ["DEL", "a\x7fb", "a b"],
    ["line and paragraph separators", "a\u2028b\u2029c", "a b c"],
    ["a right-to-left override", "invoice\u202efdp.exe", "invoicefdp.exe"],
    ["bidi embeddings and pops", "\u202aa\u202b\u202cb\u202d", "ab"],
    ["bidi isolates", "\u2066a\u2069\u2067b\u2068", "ab"],
    ["bidi marks", "a\u200eb\u200fc\u061cd", "abcd"],
    ["zero-width characters", "ad\u200bmin\u200c\u200d\u2060\ufeff", "admin"],
    ["control and invisible characters together", "x\x1b[2J\r\u202e\u2028@acme.test", "x [2J @acme.test"],
    ["a lone surrogate", "a\ud800b", "a\ufffdb"],
  ])("neutralises %s", (_name, text, shown) => {
    expect(terminalText(text)).toBe(shown);
  });

  it.each([
    "Zoë Ó Briain",
    "Łukasz Wiśniewski",
    "翔太 佐藤",
    "שלום עולם",
    "Çağla 👋",
    "rate-limit waits 2 (waiting 3 s)",
  ])("keeps %s as it is", (text) => {
    expect(terminalText(text)).toBe(text);
  });
});
