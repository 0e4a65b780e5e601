import { describe, expect, it } from "vitest";
import { destinationSpec } from "../destination-learners/destination.js";
import { sourceSpec } from "../source-hibob/source.js";
import { KEPT_SECRET } from "./api-types.js";
import { maskSecrets, restoreSecrets } from "./secret-fields.js";

const source = sourceSpec.connectionSpecification;
const destination = destinationSpec.connectionSpecification;
const bob = {
  service_user_id: "ID",
  service_user_token: "token-12345678",
  api_url: "https://api.hibob.com/v1",
};
const scim = { target: { type: "scim", base_url: "https://lms.test/scim/v2", token: "scim-token-1234" } };

describe("maskSecrets", () => {
  it("replaces each airbyte_secret value, and nothing else", () => {
    expect(maskSecrets(source, bob)).toEqual({ ...bob, service_user_token: KEPT_SECRET });
  });

  it("finds secrets inside the oneOf variant the config is", () => {
    expect(maskSecrets(destination, scim)).toEqual({ target: { ...scim.target, token: KEPT_SECRET } });
    const easyllama = {
      target: { type: "easyllama", client_id: "c", client_secret: "s-123456789", api_token: "t-123456789" },
    };
    expect(maskSecrets(destination, easyllama)).toEqual({
      target: { type: "easyllama", client_id: "c", client_secret: KEPT_SECRET, api_token: KEPT_SECRET },
    });
  });

  it("masks a key the spec does not describe: a misspelt token field may hold the token", () => {
    const edited = { ...bob, service_user_tokn: "token-87654321" };
    expect(maskSecrets(source, edited)).toEqual({
      ...bob,
      service_user_token: KEPT_SECRET,
      service_user_tokn: KEPT_SECRET,
    });
  });

  it("leaves a config without secrets as it is", () => {
    const sqlite = { target: { type: "sqlite", path: "x.db" }, dry_run: false };
    expect(maskSecrets(destination, sqlite)).toEqual(sqlite);
  });
});

describe("restoreSecrets", () => {
  it("puts the stored value where the marker came back", () => {
    const back = { ...bob, service_user_id: "NEW", service_user_token: KEPT_SECRET };
    expect(restoreSecrets(source, back, bob)).toEqual({
      config: { ...back, service_user_token: bob.service_user_token },
      problems: [],
    });
  });

  it("takes a typed value over the stored one", () => {
    const typed = { ...bob, service_user_token: "typed-anew-1234" };
    expect(restoreSecrets(source, typed, bob).config).toEqual(typed);
  });

  it("reads a URL left out as its default, so omitting the default keeps the secret", () => {
    const { api_url: _, ...stored } = bob;
    const back = { ...bob, service_user_token: KEPT_SECRET };
    expect(restoreSecrets(source, back, stored).problems).toEqual([]);
  });

  it.each([
    [
      "Bob's URL changed",
      source,
      { ...bob, api_url: "https://api.sandbox.hibob.com/v1", service_user_token: KEPT_SECRET },
      bob,
      ["service_user_token"],
    ],
    [
      "the SCIM URL changed",
      destination,
      { target: { ...scim.target, base_url: "https://elsewhere.test/scim", token: KEPT_SECRET } },
      scim,
      ["target", "token"],
    ],
    [
      "the target is another kind",
      destination,
      { target: { type: "easyllama", api_token: KEPT_SECRET } },
      scim,
      ["target", "api_token"],
    ],
    [
      "nothing was stored",
      source,
      { ...bob, service_user_token: KEPT_SECRET },
      undefined,
      ["service_user_token"],
    ],
  ])("refuses the marker when %s, and drops it", (_, schema, back, stored, path) => {
    const { config, problems } = restoreSecrets(schema, back, stored);
    expect(problems).toEqual([{ path, message: expect.any(String) }]);
    expect(JSON.stringify(config)).not.toContain(KEPT_SECRET);
  });
});
