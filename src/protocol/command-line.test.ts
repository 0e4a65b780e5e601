import { describe, expect, it } from "vitest";
import { type CommandName, parseCommandLine, UsageError } from "./command-line.js";

const source: CommandName[] = ["spec", "check", "discover", "read"];

describe("parseCommandLine", () => {
  it.each([
    [["spec"], { name: "spec" }],
    [["check", "--config", "c.json"], { name: "check", config: "c.json" }],
    [["discover", "--config=/abs/c.json"], { name: "discover", config: "/abs/c.json" }],
    [["read", "--config", "c", "--catalog", "k"], { name: "read", config: "c", catalog: "k" }],
    [
      ["read", "--state", "s", "--config", "c", "--catalog", "k"],
      { name: "read", config: "c", catalog: "k", state: "s" },
    ],
  ])("parses %j", (argv, expected) => {
    expect(parseCommandLine(argv, source)).toEqual(expected);
  });

  it.each([
    [[], /No command/],
    [["sync"], /Unknown command 'sync'/],
    [["write", "--config", "c", "--catalog", "k"], /Unknown command 'write'/],
    [["check"], /needs --config/],
    [["read", "--config", "c"], /needs --catalog/],
    [["check", "--config", "c", "--state", "s"], /does not take --state/],
    [["spec", "--verbose"], /Unknown option/],
    [["spec", "extra"], /Unexpected argument/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCommandLine(argv, source)).toThrow(UsageError);
    expect(() => parseCommandLine(argv, source)).toThrow(message);
  });
});
