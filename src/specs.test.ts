import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { protocolErrors } from "../test/helpers/airbyte-schema.js";
import { specViolations } from "../test/helpers/spec-rules.js";
import { SCHEMA_FILES, SPEC_FILES } from "./specs.js";

describe.each(SPEC_FILES)("$path", ({ path, spec }) => {
  it("is the committed golden file (regenerate with `npm run specs`)", async () => {
    const committed = JSON.parse(await readFile(new URL(`../${path}`, import.meta.url), "utf8")) as unknown;
    expect(committed).toEqual(spec);
  });

  it("is a valid ConnectorSpecification", () => {
    expect(protocolErrors("ConnectorSpecification", spec)).toEqual([]);
  });

  it("meets the acceptance tests' spec rules", () => {
    expect(specViolations(spec.connectionSpecification)).toEqual([]);
  });
});

describe.each(SCHEMA_FILES)("$path", ({ path, schema }) => {
  it("is the committed golden file (regenerate with `npm run specs`)", async () => {
    const committed = JSON.parse(await readFile(new URL(`../${path}`, import.meta.url), "utf8")) as unknown;
    expect(committed).toEqual(schema);
  });
});

describe("spec rules", () => {
  it("catch the mistakes they are meant to catch", () => {
    const bad = {
      type: "object",
      additionalProperties: false,
      properties: {
        token: { type: "string" },
        name: { type: "string", airbyte_secret: true, order: 1 },
        other: { type: ["string", "integer"], order: 1, $ref: "#/x" },
        target: { oneOf: [{ properties: { kind: { const: "a", default: "b" } } }] },
      },
    };
    expect(specViolations(bad)).toEqual([
      ": additionalProperties must be true",
      "token: must be airbyte_secret",
      "name: not a secret name",
      "other: forbidden keyword $ref",
      'other: type array must be [T] or [T, "null"]',
      "target: a oneOf parent must be type object",
      "target.oneOf[0]: default must equal const",
      "(root): duplicate order values",
    ]);
  });
});
