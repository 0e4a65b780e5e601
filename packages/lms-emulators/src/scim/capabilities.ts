import { z } from "zod";
import { attributeAt, pathSegments } from "./schema-paths.js";
import { ENTERPRISE_USER_SCHEMA, Types, userDefinition } from "./scimmy.js";

/**
 * What a partial SCIM server supports. Real LMS endpoints and django-scim2 implement part of RFC 7643/7644;
 * each option switches off one part, independently of the others. docs/target-emulators.md gives the evidence.
 */
export interface ScimCapabilityOptions {
  /** false: no /Groups at all (404), and discovery lists no Group. Default true. */
  readonly groups?: boolean | undefined;
  /** false: patch.supported false, and every PATCH answers 501. Default true. */
  readonly patch?: boolean | undefined;
  /**
   * The enterprise User extension. false: not advertised, and writes carrying it are refused 400 (a strict
   * server). "dropped": not in /ResourceTypes but still in /Schemas, and whatever is sent for it is silently
   * dropped (django-scim2). Default true.
   */
  readonly enterprise?: boolean | "dropped" | undefined;
  /** Top-level User attributes the server stores; anything else in a write is silently dropped. Default all. */
  readonly keeps?: readonly string[] | undefined;
  /** "computed": displayName (and name.formatted) recomputed from the name, as django-scim2 does. */
  readonly displayName?: "client" | "computed" | undefined;
  /** User PATCH paths the server implements; any other path answers 501. Default all. */
  readonly patchable?: readonly string[] | undefined;
  /** User PATCH ops the server implements; any other op answers 501. Default all three. */
  readonly patchOps?: readonly PatchOpName[] | undefined;
  /** "sensitive": userName uniqueness and filters are case-sensitive. Default "insensitive" (RFC 7643). */
  readonly userNameCase?: "insensitive" | "sensitive" | undefined;
  /** A User PATCH add/replace with an object value, or touching manager, answers 500 (a server bug). */
  readonly complexPatch500?: boolean | undefined;
  /** "number": error bodies carry `status` as a JSON number (django-scim2) instead of RFC 7644's string. */
  readonly errorStatus?: "string" | "number" | undefined;
}

export type PatchOpName = "add" | "remove" | "replace";

/** The options after defaults and validation; what the handle exposes as `capabilities`. */
export interface ScimCapabilities {
  readonly groups: boolean;
  readonly patch: boolean;
  readonly enterprise: boolean | "dropped";
  /** Canonical attribute names (as scimmy spells them); undefined keeps everything. */
  readonly keeps: readonly string[] | undefined;
  readonly displayName: "client" | "computed";
  /** As given; compared case-insensitively (SCIM attribute names are). undefined allows every path. */
  readonly patchable: readonly string[] | undefined;
  readonly patchOps: readonly PatchOpName[];
  readonly userNameCase: "insensitive" | "sensitive";
  readonly complexPatch500: boolean;
  readonly errorStatus: "string" | "number";
}

export const FULL_CAPABILITIES: ScimCapabilities = {
  groups: true,
  patch: true,
  enterprise: true,
  keeps: undefined,
  displayName: "client",
  patchable: undefined,
  patchOps: ["add", "remove", "replace"],
  userNameCase: "insensitive",
  complexPatch500: false,
  errorStatus: "string",
};

const optionsSchema = z.object({
  groups: z.boolean().optional(),
  patch: z.boolean().optional(),
  enterprise: z.union([z.boolean(), z.literal("dropped")]).optional(),
  keeps: z.array(z.string().trim().min(1)).optional(),
  displayName: z.enum(["client", "computed"]).optional(),
  patchable: z.array(z.string().trim().min(1)).optional(),
  patchOps: z
    .array(z.enum(["add", "remove", "replace"]))
    .min(1)
    .optional(),
  userNameCase: z.enum(["insensitive", "sensitive"]).optional(),
  complexPatch500: z.boolean().optional(),
  errorStatus: z.enum(["string", "number"]).optional(),
});

/** Defaults plus validation: a typo in an attribute name would otherwise silently test nothing. */
export function resolveCapabilities(options: ScimCapabilityOptions): ScimCapabilities {
  const parsed = optionsSchema.safeParse(pick(options));
  if (!parsed.success) throw new Error(`invalid SCIM emulator options: ${z.prettifyError(parsed.error)}`);
  const given = parsed.data;
  const enterprise = given.enterprise ?? FULL_CAPABILITIES.enterprise;
  const problems: string[] = [];
  const keeps = given.keeps?.map((name) => {
    const canonical = keepableName(name);
    if (canonical === undefined) problems.push(`keeps: '${name}' is not a writable top-level User attribute`);
    if (canonical === ENTERPRISE_USER_SCHEMA && enterprise !== true)
      problems.push(`keeps: the enterprise extension is listed but enterprise is ${String(enterprise)}`);
    return canonical ?? name;
  });
  if (keeps !== undefined && !keeps.includes("userName"))
    problems.push("keeps: must include userName (RFC 7643 requires it)");
  for (const path of given.patchable ?? []) {
    if (!isUserPath(path)) problems.push(`patchable: '${path}' is not a User attribute path`);
    else if (enterprise === false && isEnterprisePath(path))
      problems.push(`patchable: '${path}' is an enterprise path but enterprise is false`);
  }
  if (problems.length > 0) throw new Error(`invalid SCIM emulator options: ${problems.join("; ")}`);
  return {
    groups: given.groups ?? FULL_CAPABILITIES.groups,
    patch: given.patch ?? FULL_CAPABILITIES.patch,
    enterprise,
    keeps,
    displayName: given.displayName ?? FULL_CAPABILITIES.displayName,
    patchable: given.patchable,
    patchOps: given.patchOps ?? FULL_CAPABILITIES.patchOps,
    userNameCase: given.userNameCase ?? FULL_CAPABILITIES.userNameCase,
    complexPatch500: given.complexPatch500 ?? FULL_CAPABILITIES.complexPatch500,
    errorStatus: given.errorStatus ?? FULL_CAPABILITIES.errorStatus,
  };
}

export function isEnterprisePath(path: string): boolean {
  return path.toLowerCase().startsWith(ENTERPRISE_USER_SCHEMA.toLowerCase());
}

/** Only the capability keys: the rest of the emulator options (token, port…) are not this schema's business. */
function pick(options: ScimCapabilityOptions): Record<string, unknown> {
  const keys = Object.keys(optionsSchema.shape) as (keyof ScimCapabilityOptions)[];
  return Object.fromEntries(keys.flatMap((key) => (options[key] === undefined ? [] : [[key, options[key]]])));
}

/** id, meta and groups are server-owned, so "keeping" them means nothing; schemas is always present. */
const SERVER_OWNED = new Set(["id", "meta", "groups", "schemas"]);

function keepableName(name: string): string | undefined {
  if (name.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase()) return ENTERPRISE_USER_SCHEMA;
  const names = userDefinition().attributes.flatMap((attribute: unknown) =>
    attribute instanceof Types.Attribute ? [attribute.name] : [],
  );
  const canonical = names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return canonical === undefined || SERVER_OWNED.has(canonical.toLowerCase()) ? undefined : canonical;
}

function isUserPath(path: string): boolean {
  if (/[[\]]/.test(path)) return false;
  return attributeAt(userDefinition(), pathSegments(userDefinition(), path)) !== undefined;
}
