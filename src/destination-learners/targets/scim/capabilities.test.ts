import { describe, expect, it } from "vitest";
import type { DiscoveryAnswers } from "./capabilities.js";
import { capabilitiesOf, discoveryResources, FULL_CAPABILITIES } from "./capabilities.js";
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from "./user-resource.js";

const userType = (extensions: string[] = [ENTERPRISE_SCHEMA]) => ({
  id: "User",
  endpoint: "/Users",
  schema: USER_SCHEMA,
  schemaExtensions: extensions.map((schema) => ({ schema, required: false })),
});
const groupType = { id: "Group", endpoint: "/Groups" };
const userSchema = (...names: string[]) => ({ id: USER_SCHEMA, attributes: names.map((name) => ({ name })) });

describe("capabilitiesOf", () => {
  it.each<[string, DiscoveryAnswers, Partial<typeof FULL_CAPABILITIES>]>([
    ["a server without discovery endpoints: what the target needs, assumed", {}, FULL_CAPABILITIES],
    [
      "a full server",
      { serviceProviderConfig: { patch: { supported: true } }, resourceTypes: [userType(), groupType] },
      { patch: true, groups: true, enterprise: true },
    ],
    ["patch.supported false", { serviceProviderConfig: { patch: { supported: false } } }, { patch: false }],
    ["resource types without Group", { resourceTypes: [userType()] }, { groups: false, enterprise: true }],
    ["an empty resource type list says nothing", { resourceTypes: [] }, { groups: true }],
    [
      "a User type without the enterprise extension",
      { resourceTypes: [userType([]), groupType] },
      { enterprise: false },
    ],
    [
      "no resource types, but /Schemas without the extension",
      { schemas: [userSchema("userName")] },
      { enterprise: false, userAttributes: new Set(["userName"]) },
    ],
    [
      "no resource types, /Schemas with the extension",
      { schemas: [userSchema("userName", "title"), { id: ENTERPRISE_SCHEMA }] },
      { enterprise: true, userAttributes: new Set(["userName", "title"]) },
    ],
  ])("%s", (_, answers, expected) => {
    expect(capabilitiesOf(answers)).toMatchObject(expected);
  });
});

describe("discoveryResources", () => {
  it("reads a ListResponse and the bare array some servers send, and nothing else", () => {
    expect(discoveryResources({ Resources: [groupType, 3] })).toEqual([groupType]);
    expect(discoveryResources([groupType])).toEqual([groupType]);
    expect(discoveryResources({ detail: "not found" })).toBeUndefined();
    expect(discoveryResources(undefined)).toBeUndefined();
  });
});
