import type { Learner } from "../../learner.js";
import { ROLES } from "../../learner.js";
import type { CurrentLearner } from "../../plan/index.js";
import { isRecord } from "../../../shared/is-record.js";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = Record<string, Json>;

export interface PatchOperation {
  readonly op: "add" | "remove" | "replace";
  readonly path: string;
  readonly value?: Json;
}

/** A SCIM body's object: parsed from JSON, so every value in it is JSON too. */
export const isObject = (value: unknown): value is JsonObject => isRecord(value);

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** The Bob employee id a SCIM user carries; an absent, null or empty `externalId` ("" from some servers) is none. */
export const ownerOf = (user: JsonObject): string | null => text(user.externalId);

/** The first entry of a multi-valued attribute with this `type`, else the primary one, else the first. */
function pick(value: unknown, type: string): JsonObject | undefined {
  const entries = Array.isArray(value) ? value.filter(isObject) : [];
  return (
    entries.find((entry) => entry.type === type) ??
    entries.find((entry) => entry.primary === true) ??
    entries[0]
  );
}

/**
 * Where each learner field lives on a SCIM User, as PATCH paths and their values. Fields absent here have no SCIM
 * home: start_date (neither RFC 7643 nor the enterprise extension has one) and the manager fields, which the
 * second pass writes as `manager.value` = the manager's own SCIM id. role rides in `roles` (values only: RFC
 * 7643 gives `roles.type` no canonical values, and scimmy refuses any), employment_type in `userType` (RFC
 * 7643's "Contractor", "Employee", … examples).
 */
interface Attribute {
  readonly path: string;
  readonly value: (learner: Learner) => Json;
}

const ENTERPRISE_PREFIX = `${ENTERPRISE_SCHEMA}:`;
const MANAGER_PATH = `${ENTERPRISE_PREFIX}manager`;

const FIELD_ATTRIBUTES: Partial<Record<keyof Learner, readonly Attribute[]>> = {
  external_id: [{ path: "externalId", value: (l) => l.external_id }],
  email: [
    { path: "userName", value: (l) => l.email },
    { path: "emails", value: (l) => [{ value: l.email, type: "work", primary: true }] },
  ],
  first_name: [{ path: "name.givenName", value: (l) => l.first_name }],
  last_name: [{ path: "name.familyName", value: (l) => l.last_name }],
  display_name: [{ path: "displayName", value: (l) => l.display_name }],
  title: [{ path: "title", value: (l) => l.title }],
  department: [{ path: `${ENTERPRISE_PREFIX}department`, value: (l) => l.department }],
  location: [
    {
      path: "addresses",
      value: (l) => (l.location === null ? null : [{ type: "work", locality: l.location }]),
    },
  ],
  phone: [
    { path: "phoneNumbers", value: (l) => (l.phone === null ? null : [{ type: "mobile", value: l.phone }]) },
  ],
  employment_type: [{ path: "userType", value: (l) => l.employment_type }],
  role: [{ path: "roles", value: (l) => [{ value: l.role, primary: true }] }],
  status: [{ path: "active", value: (l) => l.status === "active" }],
};

/** Learner fields a SCIM User can hold; a change to any other field needs no write. */
export const SCIM_FIELDS = Object.keys(FIELD_ATTRIBUTES) as readonly (keyof Learner)[];

/** PATCH operations for these learner fields: replace what has a value, remove what is now empty. */
export function patchOperations(learner: Learner, fields: readonly (keyof Learner)[]): PatchOperation[] {
  return [...new Set(fields)].flatMap((field) =>
    (FIELD_ATTRIBUTES[field] ?? []).map(({ path, value }): PatchOperation => {
      const written = value(learner);
      return written === null ? { op: "remove", path } : { op: "replace", path, value: written };
    }),
  );
}

/** `object` with `key` set to `value`, or without `key` when `value` is null. */
function assign(object: JsonObject, key: string, value: Json): JsonObject {
  if (value !== null) return { ...object, [key]: value };
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

function setPath(resource: JsonObject, path: string, value: Json): JsonObject {
  if (path.startsWith(ENTERPRISE_PREFIX)) {
    const extension = isObject(resource[ENTERPRISE_SCHEMA]) ? resource[ENTERPRISE_SCHEMA] : {};
    const next = assign(extension, path.slice(ENTERPRISE_PREFIX.length), value);
    return assign(resource, ENTERPRISE_SCHEMA, Object.keys(next).length === 0 ? null : next);
  }
  const [head, sub] = path.split(".") as [string, string | undefined];
  if (sub === undefined) return assign(resource, head, value);
  const parent = assign(isObject(resource[head]) ? resource[head] : {}, sub, value);
  return assign(resource, head, Object.keys(parent).length === 0 ? null : parent);
}

/** Without the server-owned attributes a write must not send back. */
function writable(user: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(user).filter(([name]) => !["meta", "groups", "id"].includes(name)),
  );
}

/**
 * A full User for POST, or for PUT when the server has no PATCH: `base` (the user as the server holds it) keeps
 * whatever the LMS owns, the learner's fields overwrite theirs, and `managerId` (undefined: leave as is) sets
 * the enterprise manager.
 */
export function userResource(
  learner: Learner,
  base: JsonObject = {},
  managerId?: string | null,
  fields: readonly (keyof Learner)[] = SCIM_FIELDS,
): JsonObject {
  let resource = writable(base);
  for (const field of fields) {
    for (const { path, value } of FIELD_ATTRIBUTES[field] ?? [])
      resource = setPath(resource, path, value(learner));
  }
  return managerId === undefined ? withSchemas(resource) : withManager(resource, managerId);
}

/** The same User pointing at another manager (PUT servers); `managerId` null clears it. */
export function withManager(user: JsonObject, managerId: string | null): JsonObject {
  return withSchemas(setPath(writable(user), MANAGER_PATH, managerId === null ? null : { value: managerId }));
}

function withSchemas(resource: JsonObject): JsonObject {
  const schemas =
    resource[ENTERPRISE_SCHEMA] === undefined ? [USER_SCHEMA] : [USER_SCHEMA, ENTERPRISE_SCHEMA];
  return { ...resource, schemas };
}

/** A learner field, or the manager link: what a SCIM server may keep or drop. */
export type ScimField = keyof Learner | "manager";

/** Where a field lives, as messages name it: "title", "phoneNumbers", "enterprise:department". */
export function attributeOf(field: ScimField): string {
  const path = field === "manager" ? MANAGER_PATH : (FIELD_ATTRIBUTES[field]?.[0]?.path ?? field);
  return path.startsWith(ENTERPRISE_PREFIX) ? `enterprise:${path.slice(ENTERPRISE_PREFIX.length)}` : path;
}

/** Whether a field lives in the enterprise extension, which a server may lack. */
export const isEnterpriseField = (field: ScimField): boolean => attributeOf(field).startsWith("enterprise:");

/** The fields a User as the server sent it holds a value for: what the server keeps, when it was sent them. */
export function heldFields(user: JsonObject): Set<ScimField> {
  const held = new Set<ScimField>();
  const current = userToLearner(user, new Map());
  if (current === undefined) return held;
  for (const field of SCIM_FIELDS) {
    if (
      field === "role" ? Array.isArray(user.roles) && user.roles.length > 0 : current.learner[field] !== null
    )
      held.add(field);
  }
  if (typeof user.active !== "boolean") held.delete("status");
  if (managerIdOf(user) !== null) held.add("manager");
  return held;
}

/** The manager operation of the second pass. */
export function managerOperation(managerId: string | null): PatchOperation {
  return managerId === null
    ? { op: "remove", path: MANAGER_PATH }
    : { op: "replace", path: MANAGER_PATH, value: { value: managerId } };
}

/** manager.value of a User, or null. */
export function managerIdOf(user: JsonObject): string | null {
  const extension = user[ENTERPRISE_SCHEMA];
  const manager = isObject(extension) ? extension.manager : undefined;
  return isObject(manager) ? text(manager.value) : null;
}

/**
 * A SCIM User → the learner it stands for, with its `meta.created`; `users` (by SCIM id) resolves manager.value to
 * the manager's externalId, name and email. Undefined for a resource without id or userName.
 */
export function userToLearner(
  user: JsonObject,
  users: ReadonlyMap<string, JsonObject>,
): CurrentLearner | undefined {
  const ref = text(user.id);
  const userName = text(user.userName);
  if (ref === null || userName === null) return undefined;
  const name = isObject(user.name) ? user.name : {};
  const extension = isObject(user[ENTERPRISE_SCHEMA]) ? user[ENTERPRISE_SCHEMA] : {};
  const managerId = managerIdOf(user);
  const manager = managerId === null ? undefined : users.get(managerId);
  const managerRef = isObject(extension.manager) ? extension.manager : {};
  // roles is replaced whole on write; among what the LMS holds, a learner role counts (supervisor first).
  const roles = Array.isArray(user.roles) ? user.roles.filter(isObject).map((entry) => entry.value) : [];
  const role = ROLES.find((known) => roles.includes(known)) ?? "non-supervisor";
  // RFC 7643 §3.1: meta.created, the DateTime the server added the resource.
  const created = isObject(user.meta) ? text(user.meta.created) : null;
  return {
    ref,
    ...(created === null ? {} : { created_at: created }),
    learner: {
      external_id: ownerOf(user),
      email: userName.toLowerCase(),
      first_name: text(name.givenName),
      last_name: text(name.familyName),
      display_name: text(user.displayName),
      title: text(user.title),
      department: text(extension.department),
      location: text(pick(user.addresses, "work")?.locality),
      start_date: null,
      phone: text(pick(user.phoneNumbers, "mobile")?.value),
      employment_type: text(user.userType),
      manager_external_id: manager === undefined ? null : text(manager.externalId),
      manager_name:
        text(managerRef.displayName) ?? (manager === undefined ? null : text(manager.displayName)),
      manager_email: manager === undefined ? null : (text(manager.userName)?.toLowerCase() ?? null),
      role,
      // RFC 7643: active absent says nothing; only an explicit false is deactivated.
      status: user.active === false ? "archived" : "active",
    },
  };
}
