import type { JsonValue } from "@hibob-learners/emulator-kit";
import { isJsonObject } from "@hibob-learners/emulator-kit";
import { isEnterprisePath } from "./capabilities.js";
import type { PatchOpName } from "./capabilities.js";
import type { ScimContext } from "./context.js";
import { ScimHttpError } from "./errors.js";
import { pathSegments } from "./schema-paths.js";
import { ENTERPRISE_USER_SCHEMA, userDefinition } from "./scimmy.js";
import { enterpriseRefused } from "./user-shape.js";

/** django-scim2's answer for an attribute its adapter does not map (RFC 7644 §3.12: 501 = not supported). */
export const NOT_IMPLEMENTED = "Not Implemented";
/** django-scim2's generic body for an unhandled exception (EXPOSE_SCIM_EXCEPTIONS off, the default). */
export const SERVER_EXCEPTION = "Exception occurred while processing the SCIM request";

/**
 * Refuses, before anything is applied, a User PATCH this server cannot do. Operations are checked in order and
 * the first refusal answers, so nothing is half-applied (django-scim2 runs them in one transaction). Per
 * operation: an op the server lacks (501), the complex-value bug (500), the missing enterprise extension
 * (400), then a path it does not implement (501). Malformed bodies are left to scimmy's own 400s.
 */
export function checkUserPatch(context: ScimContext, body: unknown): void {
  if (!isJsonObject(body) || !Array.isArray(body.Operations)) return;
  const caps = context.settings.capabilities;
  const patchable =
    caps.patchable === undefined ? undefined : new Set(caps.patchable.map((path) => path.toLowerCase()));
  for (const operation of body.Operations) {
    if (!isJsonObject(operation)) continue;
    const op = typeof operation.op === "string" ? operation.op.toLowerCase() : "";
    const path = typeof operation.path === "string" ? operation.path : undefined;
    const value = operation.value;
    if (isPatchOp(op) && !caps.patchOps.includes(op))
      throw new ScimHttpError(501, undefined, NOT_IMPLEMENTED);
    if (caps.complexPatch500 && (op === "add" || op === "replace") && hitsComplexBug(path, value)) {
      throw new ScimHttpError(500, undefined, SERVER_EXCEPTION);
    }
    const paths = touchedPaths(path, value);
    if (caps.enterprise === false && paths.some(isEnterprisePath)) throw enterpriseRefused();
    if (patchable !== undefined && paths.some((touched) => !patchable.has(touched.toLowerCase()))) {
      throw new ScimHttpError(501, undefined, NOT_IMPLEMENTED);
    }
  }
}

function isPatchOp(op: string): op is PatchOpName {
  return op === "add" || op === "remove" || op === "replace";
}

/**
 * The django-scim2 bug: a replace with a path and an object value iterates the object's keys as if they were
 * parsed paths and crashes (AttributeError → 500). A manager is always such a value, so it is hit path-less too.
 */
function hitsComplexBug(path: string | undefined, value: JsonValue | undefined): boolean {
  if (path !== undefined) return isJsonObject(value) || targetsManager(path);
  if (!isJsonObject(value)) return false;
  return Object.entries(value).some(
    ([key, item]) =>
      targetsManager(key) ||
      (key.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase() &&
        isJsonObject(item) &&
        Object.keys(item).some((sub) => sub.toLowerCase().startsWith("manager"))),
  );
}

function targetsManager(path: string): boolean {
  const [first, second] = pathSegments(userDefinition(), path);
  return first?.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase() && second?.toLowerCase() === "manager";
}

/**
 * The attribute paths an operation writes, value filters removed (`emails[type eq "work"].value` →
 * `emails.value`). A path-less operation writes each key of its value; an enterprise-URN key stands for its
 * sub-attributes.
 */
function touchedPaths(path: string | undefined, value: JsonValue | undefined): string[] {
  if (path !== undefined) return [path.replace(/\[[^\]]*\]/g, "")];
  if (!isJsonObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase() && isJsonObject(item)
      ? Object.keys(item).map((sub) => `${ENTERPRISE_USER_SCHEMA}:${sub}`)
      : [key],
  );
}
