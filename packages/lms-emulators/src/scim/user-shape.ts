import type { JsonObject } from "@hibob-learners/emulator-kit";
import { isJsonObject } from "@hibob-learners/emulator-kit";
import { isEnterprisePath } from "./capabilities.js";
import type { ScimContext } from "./context.js";
import { ScimHttpError } from "./errors.js";
import { ENTERPRISE_USER_SCHEMA } from "./scimmy.js";

/**
 * What a partial server makes of a User write (POST, PUT, the result of a PATCH). RFC 7644 §3.3 lets a server
 * ignore attributes it does not store; django-scim2 keeps userName, name, emails, active and externalId,
 * recomputes displayName, and drops the rest, enterprise extension included, without a word.
 */
export function shapeUser(context: ScimContext, data: JsonObject): JsonObject {
  const { keeps, enterprise, displayName } = context.settings.capabilities;
  let shaped = data;
  if (keeps !== undefined) {
    const kept = new Set(keeps.map((name) => name.toLowerCase()));
    shaped = Object.fromEntries(Object.entries(shaped).filter(([key]) => kept.has(key.toLowerCase())));
  }
  if (enterprise === "dropped") {
    shaped = Object.fromEntries(Object.entries(shaped).filter(([key]) => !isEnterprisePath(key)));
  }
  return displayName === "computed" ? withComputedDisplayName(shaped) : shaped;
}

/**
 * `enterprise: false` is a strict server without the extension: a body that names it (in `schemas` or as an
 * attribute) is refused rather than half-stored, so the client learns at once that it was not taken.
 */
export function refuseEnterprise(context: ScimContext, body: unknown): void {
  if (context.settings.capabilities.enterprise !== false || !isJsonObject(body)) return;
  const schemas = Array.isArray(body.schemas) ? body.schemas : [];
  const named =
    schemas.some((schema) => typeof schema === "string" && isEnterprisePath(schema)) ||
    Object.keys(body).some(isEnterprisePath);
  if (named) throw enterpriseRefused();
}

export function enterpriseRefused(): ScimHttpError {
  return new ScimHttpError(
    400,
    "invalidValue",
    `the enterprise User extension (${ENTERPRISE_USER_SCHEMA}) is not supported by this server`,
  );
}

/** django-scim2: "givenName familyName" when both are set, otherwise the userName; name.formatted follows. */
function withComputedDisplayName(data: JsonObject): JsonObject {
  const name = isJsonObject(data.name) ? data.name : undefined;
  const given = typeof name?.givenName === "string" ? name.givenName : "";
  const family = typeof name?.familyName === "string" ? name.familyName : "";
  const userName = typeof data.userName === "string" ? data.userName : "";
  const computed = given !== "" && family !== "" ? `${given} ${family}` : userName;
  return {
    ...data,
    displayName: computed,
    ...(name === undefined ? {} : { name: { ...name, formatted: computed } }),
  };
}
