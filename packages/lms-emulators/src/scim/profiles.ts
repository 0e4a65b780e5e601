import type { ScimCapabilityOptions } from "./capabilities.js";

/**
 * Named partial servers, to spread into startScimEmulator's options: `startScimEmulator({ ...noPatch })`.
 * docs/target-emulators.md gives the evidence for each behaviour.
 */

/**
 * django-scim2 0.23 with its default adapter (its source, and a run through a logging proxy): stores userName,
 * name, emails, active and externalId and recomputes displayName; PATCH is replace-only on userName, the two
 * name parts, emails and active (501 otherwise), crashes (500) on an object value such as the manager; the
 * enterprise extension is dropped silently; userName is case-sensitive; errors carry `status` as a number.
 * Its discovery still advertises patch, the full User schema and the enterprise schema.
 */
export const djangoScim2Default: ScimCapabilityOptions = freeze({
  groups: true,
  patch: true,
  enterprise: "dropped",
  keeps: ["userName", "name", "emails", "active", "externalId"],
  displayName: "computed",
  patchable: ["userName", "name.givenName", "name.familyName", "emails", "active"],
  patchOps: ["replace"],
  userNameCase: "sensitive",
  complexPatch500: true,
  errorStatus: "number",
});

/** A Users-only server: /Groups answers 404 and discovery lists no Group (courses must come another way). */
export const noGroups: ScimCapabilityOptions = freeze({ groups: false });

/** No PATCH: patch.supported false and 501; changes go by PUT, group members by a PUT of the full list. */
export const noPatch: ScimCapabilityOptions = freeze({ patch: false });

/** Otherwise complete, but a PATCH with a complex value (the manager) crashes with 500. */
export const complexPatchBug: ScimCapabilityOptions = freeze({ complexPatch500: true });

export const SCIM_PROFILES = freeze({ djangoScim2Default, noGroups, noPatch, complexPatchBug });
export type ScimProfileName = keyof typeof SCIM_PROFILES;

/** Shared by every test that spreads it: a test that mutated a preset would change the others' server. */
function freeze<T extends object>(value: T): Readonly<T> {
  for (const item of Object.values(value)) if (Array.isArray(item)) Object.freeze(item);
  return Object.freeze(value);
}
