import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA, startScimEmulator } from "./index.js";
import type { ScimEmulator } from "./index.js";

let scim: ScimEmulator;

async function get(path: string) {
  const response = await fetch(`${scim.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${scim.token}` },
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  scim = await startScimEmulator({ maxPageSize: 50 });
});
afterAll(async () => {
  await scim.close();
});

describe("SCIM discovery", () => {
  it("says what it supports in /ServiceProviderConfig: PATCH and filter yes, bulk, sort and etag no", async () => {
    const config = await get("/ServiceProviderConfig");
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 50 },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: "oauthbearertoken" }],
    });
    const bulk = await fetch(`${scim.baseUrl}/Bulk`, {
      method: "POST",
      headers: { authorization: `Bearer ${scim.token}` },
      body: "{}",
    });
    expect(bulk.status).toBe(501);
  });

  it("lists the User, enterprise extension and Group schemas", async () => {
    const schemas = await get("/Schemas");
    const idsOf = (body: unknown) =>
      (body as { Resources: { id: string }[] }).Resources.map((schema) => schema.id);
    expect(idsOf(schemas.body)).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      ENTERPRISE_USER_SCHEMA,
      "urn:ietf:params:scim:schemas:core:2.0:Group",
    ]);
    const enterprise = await get(`/Schemas/${ENTERPRISE_USER_SCHEMA}`);
    const names = (enterprise.body as { attributes: { name: string }[] }).attributes.map(
      (attribute) => attribute.name,
    );
    expect(names).toEqual(expect.arrayContaining(["employeeNumber", "department", "manager"]));
    expect((await get("/Schemas/urn:nope")).status).toBe(404);
  });

  it("describes the User and Group resource types, User with the enterprise extension", async () => {
    const types = await get("/ResourceTypes");
    expect(types.body).toMatchObject({
      totalResults: 2,
      Resources: [
        {
          id: "User",
          endpoint: "/Users",
          schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
        },
        { id: "Group", endpoint: "/Groups" },
      ],
    });
    expect((await get("/ResourceTypes/Group")).body).toMatchObject({ id: "Group", endpoint: "/Groups" });
  });
});
