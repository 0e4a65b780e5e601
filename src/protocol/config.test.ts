import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseConfig, unknownKeysProblem } from "./config.js";
import { ConfigError } from "./errors.js";

const Config = z.object({
  id: z.string(),
  size: z.number().int().default(200),
  target: z.discriminatedUnion("type", [z.object({ type: z.literal("sqlite"), path: z.string() })]),
});

function messageOf(raw: unknown): string {
  try {
    parseConfig(Config, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("applies defaults to a valid config", () => {
    expect(parseConfig(Config, { id: "a", target: { type: "sqlite", path: "x.db" } })).toEqual({
      id: "a",
      size: 200,
      target: { type: "sqlite", path: "x.db" },
    });
  });

  it("names each wrong field by its path and says what is wrong", () => {
    const message = messageOf({ size: "big", target: { type: "sqlite" } });
    expect(message).toContain("'id' is required");
    expect(message).toContain("'size' must be a number, not a string");
    expect(message).toContain("'target.path' is required");
  });

  it("explains a config that is not an object", () => {
    expect(messageOf([])).toContain("'(the config itself)' must be an object, not an array");
  });
});

describe("unknown keys", () => {
  const Strict = z.strictObject({
    dry_run: z.boolean().default(false),
    target: z.discriminatedUnion("type", [
      z.strictObject({ type: z.literal("sqlite"), path: z.string() }),
      z.strictObject({ type: z.literal("scim"), base_url: z.string(), token: z.string() }),
    ]),
    rules: z.array(
      z.strictObject({ course: z.string(), where: z.strictObject({ role: z.string() }).optional() }),
    ),
  });
  const valid = { target: { type: "sqlite", path: "x.db" }, rules: [] };

  function refusal(raw: unknown): string {
    const result = (() => {
      try {
        return parseConfig(Strict, raw);
      } catch (error) {
        return error;
      }
    })();
    expect(result).toBeInstanceOf(ConfigError);
    return (result as ConfigError).message;
  }

  it.each([
    [{ ...valid, dryrun: true }, "Invalid configuration: 'dryrun' is not a setting; did you mean 'dry_run'?"],
    [{ ...valid, DryRun: true }, "Invalid configuration: 'DryRun' is not a setting; did you mean 'dry_run'?"],
    [
      { ...valid, colour: "red" },
      "Invalid configuration: 'colour' is not a setting (the settings are dry_run, target, rules).",
    ],
    [
      { ...valid, target: { type: "sqlite", pth: "x.db", path: "x.db" } },
      "Invalid configuration: 'target.pth' is not a setting; did you mean 'target.path'?",
    ],
    [
      { ...valid, target: { type: "scim", base_url: "u", token: "t", colour: 1 } },
      "Invalid configuration: 'target.colour' is not a setting (the settings of 'target' are type, base_url, token).",
    ],
    [
      { ...valid, rules: [{ course: "c" }, { course: "c", wehre: { role: "r" } }] },
      "Invalid configuration: 'rules.1.wehre' is not a setting; did you mean 'rules.1.where'?",
    ],
    [
      { ...valid, rules: [{ course: "c", where: { rol: "r", role: "r" } }] },
      "Invalid configuration: 'rules.0.where.rol' is not a setting; did you mean 'rules.0.where.role'?",
    ],
  ])("refuses %j", (raw, message) => {
    expect(refusal(raw)).toBe(message);
  });

  it("names every unknown key beside the other problems, in one line", () => {
    expect(refusal({ ...valid, dry_run: "yes", dryrun: true, colour: 1 })).toBe(
      "Invalid configuration: 'dry_run' must be a boolean, not a string; 'dryrun' is not a setting; did you mean " +
        "'dry_run'? 'colour' is not a setting (the settings are dry_run, target, rules).",
    );
  });

  it("still accepts a config with only known keys", () => {
    expect(parseConfig(Strict, valid)).toEqual({ dry_run: false, ...valid });
  });
});

describe("unknownKeysProblem", () => {
  it.each([
    [[], ["dryrun"], ["dry_run"], "setting", "'dryrun' is not a setting; did you mean 'dry_run'?"],
    [
      ["target"],
      ["pth"],
      ["type", "path"],
      "setting",
      "'target.pth' is not a setting; did you mean 'target.path'?",
    ],
    [[], ["x"], ["type", "path"], "setting", "'x' is not a setting (the settings are type, path)"],
    [["a", 0], ["x"], ["type"], "setting", "'a.0.x' is not a setting (the settings of 'a.0' are type)"],
    [[], ["x"], [], "setting", "'x' is not a setting"],
    [
      ["field_mapping"],
      ["phnoe", "xyz"],
      ["email", "phone"],
      "learner field",
      "'field_mapping.phnoe' is not a learner field; did you mean 'field_mapping.phone'? 'field_mapping.xyz' " +
        "is not a learner field (the learner fields of 'field_mapping' are email, phone)",
    ],
  ] as const)("at %j, keys %j among %j (%s)", (path, keys, validKeys, noun, problem) => {
    expect(unknownKeysProblem(path, keys, validKeys, noun)).toBe(problem);
  });
});
