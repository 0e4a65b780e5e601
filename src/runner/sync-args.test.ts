import { describe, expect, it } from "vitest";
import { DEFAULT_STATE_DIR } from "./state-store.js";
import type { ScheduleArgs, SyncArgs } from "./sync-args.js";
import {
  defaultConnection,
  parseResetArgs,
  parseScheduleArgs,
  parseSyncArgs,
  UsageError,
} from "./sync-args.js";

const CONFIGS = ["--source-config", "conf/source.json", "--destination-config", "x/lms.json"];

function syncArgs(argv: readonly string[]): SyncArgs {
  const args = parseSyncArgs(argv);
  if (args === "help") throw new Error("expected sync args, got help");
  return args;
}

function scheduleArgs(argv: readonly string[]): ScheduleArgs {
  const args = parseScheduleArgs(argv);
  if (args === "help") throw new Error("expected schedule args, got help");
  return args;
}

function usageError(parse: () => unknown): UsageError {
  try {
    parse();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("expected a UsageError");
}

describe("parseSyncArgs", () => {
  it("reads the configs and fills in the state dir and the connection name", () => {
    expect(syncArgs(CONFIGS)).toEqual({
      sourceConfig: "conf/source.json",
      destinationConfig: "x/lms.json",
      stateDir: DEFAULT_STATE_DIR,
      connection: "source-to-lms",
    });
  });

  it("takes every flag it documents", () => {
    expect(
      syncArgs([...CONFIGS, "--streams", "employees", "--state-dir", "/tmp/st", "--connection", "prod_1.a"]),
    ).toEqual({
      sourceConfig: "conf/source.json",
      destinationConfig: "x/lms.json",
      streams: ["employees"],
      stateDir: "/tmp/st",
      connection: "prod_1.a",
    });
  });

  it.each([
    { missing: "--source-config", argv: ["--destination-config", "lms.json"] },
    { missing: "--destination-config", argv: ["--source-config", "source.json"] },
    { missing: "--source-config", argv: ["--source-config", "", "--destination-config", "lms.json"] },
    { missing: "--source-config", argv: [] },
  ])("names the missing flag $missing ($argv)", ({ missing, argv }) => {
    expect(usageError(() => parseSyncArgs(argv)).message).toBe(`${missing} FILE is required`);
  });

  it.each([
    { flag: "--cron", argv: [...CONFIGS, "--cron", "0 17 * * *"] },
    { flag: "--bogus", argv: [...CONFIGS, "--bogus"] },
    { flag: "--run-at-start", argv: [...CONFIGS, "--run-at-start"] },
  ])("refuses the unknown flag $flag", ({ flag, argv }) => {
    expect(usageError(() => parseSyncArgs(argv)).message).toContain(`'${flag}'`);
  });

  it("refuses a positional argument", () => {
    expect(() => parseSyncArgs([...CONFIGS, "extra"])).toThrow(UsageError);
  });

  it.each([[["--help"]], [["-h"]], [[...CONFIGS, "--help"]]])("%j asks for help", (argv) => {
    expect(parseSyncArgs(argv)).toBe("help");
  });

  it("answers help even when required flags are missing", () => {
    expect(parseSyncArgs(["--source-config", "s.json", "--help"])).toBe("help");
  });

  it.each([
    { streams: "employees", expected: ["employees"] },
    { streams: " employees , employment_history ", expected: ["employees", "employment_history"] },
    { streams: "employees,,", expected: ["employees"] },
  ])("splits --streams '$streams'", ({ streams, expected }) => {
    expect(syncArgs([...CONFIGS, "--streams", streams]).streams).toEqual(expected);
  });

  it.each(["", " , ,", ","])("refuses --streams '%s' that names no stream", (streams) => {
    expect(usageError(() => parseSyncArgs([...CONFIGS, "--streams", streams])).message).toBe(
      "--streams names no stream",
    );
  });

  it("leaves streams out when --streams is absent", () => {
    expect(syncArgs(CONFIGS)).not.toHaveProperty("streams");
  });

  it.each(["../x", "a/b", ".hidden", "-dash", "has space", "x".repeat(101), ""])(
    "refuses --connection '%s'",
    (connection) => {
      expect(usageError(() => parseSyncArgs([...CONFIGS, "--connection", connection])).message).toContain(
        "--connection",
      );
    },
  );

  it("accepts a 100-character connection name", () => {
    const connection = "c".repeat(100);
    expect(syncArgs([...CONFIGS, "--connection", connection]).connection).toBe(connection);
  });
});

describe("parseResetArgs", () => {
  it("names the connection by --connection, or by the configs its sync is named after", () => {
    expect(parseResetArgs(["--connection", "prod"])).toEqual({
      stateDir: DEFAULT_STATE_DIR,
      connection: "prod",
    });
    expect(parseResetArgs([...CONFIGS, "--state-dir", "/tmp/st"])).toEqual({
      stateDir: "/tmp/st",
      connection: "source-to-lms",
    });
  });

  it("refuses a call that names no connection, or names it wrongly", () => {
    expect(usageError(() => parseResetArgs(["--source-config", "s.json"])).message).toMatch(
      /^name the connection: --connection NAME, or the --source-config and --destination-config/,
    );
    expect(usageError(() => parseResetArgs(["--connection", "../up"])).message).toContain("--connection");
  });
});

describe("defaultConnection", () => {
  it.each([
    { source: "conf/source.json", destination: "x/lms.json", expected: "source-to-lms" },
    { source: "source", destination: "lms.config.json", expected: "source-to-lms.config" },
    { source: "my config (1).json", destination: "lms.json", expected: "my-config-1--to-lms" },
    { source: "/a/.hidden.json", destination: "lms.json", expected: "hidden-to-lms" },
    { source: "Bob prod!.json", destination: "ünïcode.json", expected: "Bob-prod--to-n-code" },
    { source: "日本.json", destination: "__.json", expected: "config-to-config" },
    { source: `${"s".repeat(60)}.json`, destination: "lms.json", expected: `${"s".repeat(45)}-to-lms` },
  ])("$source + $destination → $expected", ({ source, destination, expected }) => {
    expect(defaultConnection(source, destination)).toBe(expected);
  });

  it("is what parseSyncArgs uses, and always a valid connection name", () => {
    for (const [source, destination] of [
      ["日本.json", "!!.json"],
      [`${"a b ".repeat(40)}.json`, `${"é".repeat(80)}.json`],
    ] as const) {
      const args = syncArgs(["--source-config", source, "--destination-config", destination]);
      expect(args.connection).toBe(defaultConnection(source, destination));
      expect(args.connection).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
    }
  });
});

describe("parseScheduleArgs", () => {
  it("requires --cron", () => {
    expect(usageError(() => parseScheduleArgs(CONFIGS)).message).toBe('--cron "EXPRESSION" is required');
  });

  it("checks the sync flags too", () => {
    expect(usageError(() => parseScheduleArgs(["--cron", "0 17 * * *"])).message).toBe(
      "--source-config FILE is required",
    );
  });

  it("reads the cron expression, with no timezone and no run at start by default", () => {
    expect(scheduleArgs([...CONFIGS, "--cron", "0 17 * * *"])).toEqual({
      sourceConfig: "conf/source.json",
      destinationConfig: "x/lms.json",
      stateDir: DEFAULT_STATE_DIR,
      connection: "source-to-lms",
      cron: "0 17 * * *",
      runAtStart: false,
    });
  });

  it("takes --timezone, --run-at-start and the sync flags", () => {
    expect(
      scheduleArgs([
        ...CONFIGS,
        "--cron",
        "*/15 * * * *",
        "--timezone",
        "Europe/London",
        "--run-at-start",
        "--streams",
        "employees",
        "--connection",
        "nightly",
      ]),
    ).toEqual({
      sourceConfig: "conf/source.json",
      destinationConfig: "x/lms.json",
      stateDir: DEFAULT_STATE_DIR,
      connection: "nightly",
      streams: ["employees"],
      cron: "*/15 * * * *",
      timezone: "Europe/London",
      runAtStart: true,
    });
  });

  it.each([[["--help"]], [["-h", "--cron", "x"]]])("%j asks for help", (argv) => {
    expect(parseScheduleArgs(argv)).toBe("help");
  });

  it("refuses an unknown flag", () => {
    expect(
      usageError(() => parseScheduleArgs([...CONFIGS, "--cron", "x", "--every", "1h"])).message,
    ).toContain("'--every'");
  });

  it("refuses an invalid --connection", () => {
    expect(() => parseScheduleArgs([...CONFIGS, "--cron", "x", "--connection", "../x"])).toThrow(UsageError);
  });
});
