import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";
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
