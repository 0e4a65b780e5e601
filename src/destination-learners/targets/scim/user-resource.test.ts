import { describe, expect, it } from "vitest";
import { learner } from "../../../../test/fixtures/learner.js";
import type { Learner } from "../../learner.js";
import type { CurrentLearner } from "../../plan/index.js";
import type { JsonObject } from "./user-resource.js";
import {
  attributeOf,
  ENTERPRISE_SCHEMA,
  heldFields,
  managerOperation,
  patchOperations,
  USER_SCHEMA,
  userResource,
  userToLearner,
  withManager,
} from "./user-resource.js";

const dept = `${ENTERPRISE_SCHEMA}:department`;

describe("patchOperations", () => {
  const base = learner("1");
  it.each<[string, Partial<Learner>, (keyof Learner)[], unknown[]]>([
    ["a title", { title: "Lead" }, ["title"], [{ op: "replace", path: "title", value: "Lead" }]],
    ["a cleared title", { title: null }, ["title"], [{ op: "remove", path: "title" }]],
    [
      "a department",
      { department: "Sales" },
      ["department"],
      [{ op: "replace", path: dept, value: "Sales" }],
    ],
    [
      "an email",
      { email: "new@acme.test" },
      ["email"],
      [
        { op: "replace", path: "userName", value: "new@acme.test" },
        { op: "replace", path: "emails", value: [{ value: "new@acme.test", type: "work", primary: true }] },
      ],
    ],
    ["archiving", { status: "archived" }, ["status"], [{ op: "replace", path: "active", value: false }]],
    ["reactivating", { status: "active" }, ["status"], [{ op: "replace", path: "active", value: true }]],
    [
      "a location",
      { location: "Paris" },
      ["location"],
      [{ op: "replace", path: "addresses", value: [{ type: "work", locality: "Paris" }] }],
    ],
    ["a removed phone", { phone: null }, ["phone"], [{ op: "remove", path: "phoneNumbers" }]],
    [
      "a given name",
      { first_name: "Q" },
      ["first_name"],
      [{ op: "replace", path: "name.givenName", value: "Q" }],
    ],
    ["a start date (no SCIM home)", { start_date: "2025-02-03" }, ["start_date"], []],
    ["a manager (second pass)", { manager_external_id: "9" }, ["manager_external_id", "manager_name"], []],
    [
      "a field twice",
      { title: "Lead" },
      ["title", "title"],
      [{ op: "replace", path: "title", value: "Lead" }],
    ],
  ])("%s", (_, fields, changed, expected) => {
    expect(patchOperations({ ...base, ...fields }, changed)).toEqual(expected);
  });
});

describe("userResource", () => {
  it("maps every learner field SCIM can hold", () => {
    expect(userResource(learner("7", { phone: "+1 555", role: "supervisor" }))).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
      externalId: "7",
      userName: "p7@acme.test",
      emails: [{ value: "p7@acme.test", type: "work", primary: true }],
      name: { givenName: "P", familyName: "7" },
      displayName: "P 7",
      title: "Engineer",
      [ENTERPRISE_SCHEMA]: { department: "R&D" },
      addresses: [{ type: "work", locality: "London" }],
      phoneNumbers: [{ type: "mobile", value: "+1 555" }],
      userType: "Full time",
      roles: [{ value: "supervisor", primary: true }],
      active: true,
    });
  });

  it("drops empty values, and the extension when nothing is left in it", () => {
    const resource = userResource(
      learner("1", { department: null, title: null, first_name: null, last_name: null, location: null }),
    );
    expect(resource.schemas).toEqual([USER_SCHEMA]);
    expect(resource).not.toHaveProperty("title");
    expect(resource).not.toHaveProperty("name");
    expect(resource).not.toHaveProperty("addresses");
    expect(resource).not.toHaveProperty(ENTERPRISE_SCHEMA);
  });

  it("keeps what the LMS owns when replacing a user, and drops server-owned attributes", () => {
    const current: JsonObject = {
      id: "u1",
      meta: { resourceType: "User" },
      groups: [{ value: "g1" }],
      locale: "en-GB",
      name: { givenName: "Old", middleName: "M" },
      [ENTERPRISE_SCHEMA]: { costCenter: "42", manager: { value: "m1" } },
    };
    const replaced = userResource(learner("1"), current);
    expect(replaced).toMatchObject({
      locale: "en-GB",
      name: { givenName: "P", familyName: "1", middleName: "M" },
      [ENTERPRISE_SCHEMA]: { costCenter: "42", department: "R&D", manager: { value: "m1" } },
    });
    expect(replaced).not.toHaveProperty("id");
    expect(replaced).not.toHaveProperty("meta");
    expect(replaced).not.toHaveProperty("groups");
    expect(withManager(current, null)[ENTERPRISE_SCHEMA]).toEqual({ costCenter: "42" });
    expect(withManager(current, "m2")[ENTERPRISE_SCHEMA]).toEqual({
      costCenter: "42",
      manager: { value: "m2" },
    });
  });
});

describe("managerOperation", () => {
  it.each([
    ["m1", { op: "replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: { value: "m1" } }],
    [null, { op: "remove", path: `${ENTERPRISE_SCHEMA}:manager` }],
  ])("%s", (id, expected) => {
    expect(managerOperation(id)).toEqual(expected);
  });
});

describe("userToLearner", () => {
  const manager: JsonObject = {
    id: "m",
    userName: "Boss@Acme.test",
    externalId: "2",
    displayName: "The Boss",
  };
  const users = new Map([["m", manager]]);

  it("reads the learner back, resolving the manager through the server's ids", () => {
    const user: JsonObject = {
      ...userResource(learner("1", { role: "supervisor", phone: "123" }), {}, "m"),
      id: "u1",
      userName: "P1@Acme.test",
    };
    expect(userToLearner(user, users)).toEqual({
      ref: "u1",
      learner: {
        ...learner("1", { role: "supervisor", phone: "123" }),
        start_date: null,
        manager_external_id: "2",
        manager_name: "The Boss",
        manager_email: "boss@acme.test",
      },
    });
  });

  it.each<[string, JsonObject, Partial<CurrentLearner["learner"]> | undefined]>([
    ["no id", { userName: "a@b" }, undefined],
    ["no userName", { id: "x" }, undefined],
    [
      "an LMS-only user",
      { id: "x", userName: "a@b" },
      { external_id: null, first_name: null, role: "non-supervisor", status: "active" },
    ],
    ["active false", { id: "x", userName: "a@b", active: false }, { status: "archived" }],
    [
      "an unknown role",
      { id: "x", userName: "a@b", roles: [{ value: "admin" }] },
      { role: "non-supervisor" },
    ],
    [
      "a manager id the server does not have",
      { id: "x", userName: "a@b", [ENTERPRISE_SCHEMA]: { manager: { value: "gone" } } },
      { manager_external_id: null, manager_email: null },
    ],
    [
      "phone and address by type",
      {
        id: "x",
        userName: "a@b",
        phoneNumbers: [
          { value: "work", type: "work" },
          { value: "mob", type: "mobile" },
        ],
        addresses: [
          { type: "home", locality: "Home" },
          { type: "work", locality: "Office" },
        ],
      },
      { phone: "mob", location: "Office" },
    ],
  ])("%s", (_, user, expected) => {
    const current = userToLearner(user, users);
    if (expected === undefined) expect(current).toBeUndefined();
    else expect(current?.learner).toMatchObject(expected);
  });
});

describe("heldFields", () => {
  it("names the fields a User holds a value for, roles and the manager link included", () => {
    const full = { ...userResource(learner("1", { phone: "123", role: "supervisor" }), {}, "m"), id: "u1" };
    expect([...heldFields(full)].sort()).toEqual(
      [
        "department",
        "display_name",
        "email",
        "employment_type",
        "external_id",
        "first_name",
        "last_name",
        "location",
        "manager",
        "phone",
        "role",
        "status",
        "title",
      ].sort(),
    );
    // A bare user: no active says nothing of status, an empty roles list holds no role.
    expect([...heldFields({ id: "u2", userName: "a@b", roles: [], externalId: "" })]).toEqual(["email"]);
  });

  it("says where a field lives, as messages name it", () => {
    expect([attributeOf("phone"), attributeOf("department"), attributeOf("manager")]).toEqual([
      "phoneNumbers",
      "enterprise:department",
      "enterprise:manager",
    ]);
  });
});
