import { describe, expect, it } from "vitest";
import { MASK, Redactor, secretValues } from "./secrets.js";

describe("Redactor", () => {
  it("masks every spelling of a secret: raw, JSON-escaped and percent-encoded", () => {
    const redactor = new Redactor(['to"k/en 1']);
    expect(redactor.redact('raw to"k/en 1 end')).toBe(`raw ${MASK} end`);
    expect(redactor.redact(JSON.stringify({ token: 'to"k/en 1' }))).toBe(`{"token":"${MASK}"}`);
    expect(redactor.redact(`https://x/?t=${encodeURIComponent('to"k/en 1')}`)).toBe(`https://x/?t=${MASK}`);
  });

  it("masks a longer secret whole when it contains a shorter one", () => {
    const redactor = new Redactor(["abc", "xxabcxx"]);
    expect(redactor.redact("xxabcxx abc")).toBe(`${MASK} ${MASK}`);
  });

  it("ignores empty secrets and leaves other text alone", () => {
    const redactor = new Redactor([""]);
    expect(redactor.size).toBe(0);
    expect(redactor.redact("nothing to hide")).toBe("nothing to hide");
  });
});

describe("Redactor.redactValues", () => {
  it("masks string values at any depth and never keys, numbers or booleans", () => {
    const redactor = new Redactor(["e"]);
    expect(
      redactor.redactValues({ type: "TRACE", list: ["see", 3, true, null], nested: { key: "e" } }),
    ).toEqual({
      type: "TRACE",
      list: [`s${MASK}${MASK}`, 3, true, null],
      nested: { key: MASK },
    });
  });

  it("finds every spelling in JSON text before masking, quotes and backslashes included", () => {
    const secret = 'to"k\\en';
    const redactor = new Redactor([secret]);
    const values = {
      raw: `a ${secret}`,
      json: JSON.stringify({ t: secret }),
      url: encodeURIComponent(secret),
    };
    expect(redactor.mentionedIn(JSON.stringify(values))).toBe(true);
    expect(redactor.mentionedIn(JSON.stringify({ other: "to k en" }))).toBe(false);
    expect(redactor.redactValues(values)).toEqual({ raw: `a ${MASK}`, json: `{"t":"${MASK}"}`, url: MASK });
  });
});

describe("secretValues", () => {
  const schema = {
    type: "object",
    properties: {
      id: { type: "string" },
      token: { type: "string", airbyte_secret: true },
      pin: { type: "number", airbyte_secret: true },
      target: {
        type: "object",
        oneOf: [
          { properties: { type: { const: "sqlite" }, path: { type: "string" } } },
          { properties: { type: { const: "scim" }, token: { type: "string", airbyte_secret: true } } },
          {
            properties: {
              nested: { type: "object", properties: { client_secret: { airbyte_secret: true } } },
            },
          },
        ],
      },
    },
  };

  it("finds secrets at top level, in every oneOf variant and nested objects, before validation", () => {
    const config = {
      id: "me",
      token: "t1",
      pin: 1234,
      target: { type: "scim", token: "t2", nested: { client_secret: "t3" } },
    };
    expect(secretValues(schema, config).sort()).toEqual(["1234", "t1", "t2", "t3"]);
  });

  it("tolerates configs of the wrong shape", () => {
    expect(secretValues(schema, null)).toEqual([]);
    expect(secretValues(schema, { token: { not: "a string" }, target: "sqlite" })).toEqual([]);
  });
});
