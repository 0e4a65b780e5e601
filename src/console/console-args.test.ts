import { describe, expect, it } from "vitest";
import { UsageError } from "../runner/sync-args.js";
import { exposureWarning, parseConsoleArgs } from "./console-args.js";

describe("console flags", () => {
  it("defaults to a free port on 127.0.0.1, and configs in the state directory named as sync names them", () => {
    expect(parseConsoleArgs([])).toEqual({
      port: 0,
      host: "127.0.0.1",
      stateDir: ".hibob-learners",
      sourceConfig: ".hibob-learners/source.json",
      destinationConfig: ".hibob-learners/destination.json",
      connection: "source-to-destination",
    });
  });

  it("takes the sync's config and connection flags, so both work on the same folder", () => {
    expect(
      parseConsoleArgs([
        "--state-dir",
        "s",
        "--source-config",
        "secrets/bob.json",
        "--destination-config",
        "secrets/lms.json",
        "--port",
        "4180",
        "--host",
        "[::1]",
      ]),
    ).toEqual({
      port: 4180,
      host: "::1",
      stateDir: "s",
      sourceConfig: "secrets/bob.json",
      destinationConfig: "secrets/lms.json",
      connection: "bob-to-lms",
    });
    expect(parseConsoleArgs(["--help"])).toBe("help");
  });

  it.each([
    [["--port", "x"], "--port"],
    [["--port", "65536"], "--port"],
    [["--host", ""], "--host"],
    [["--connection", "../x"], "--connection"],
    [["--colour"], "colour"],
  ])("refuses %j", (argv, named) => {
    expect(() => parseConsoleArgs(argv)).toThrow(UsageError);
    expect(() => parseConsoleArgs(argv)).toThrow(named);
  });

  it("warns only when it listens beyond loopback", () => {
    expect(exposureWarning("127.0.0.1")).toBeNull();
    expect(exposureWarning("::1")).toBeNull();
    expect(exposureWarning("0.0.0.0")).toContain("WARNING");
  });
});
