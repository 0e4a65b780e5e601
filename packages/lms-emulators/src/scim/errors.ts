import type { EmulatorResponse } from "@hibob-learners/emulator-kit";
import { ERROR_SCHEMA, Types } from "./scimmy.js";

export const SCIM_CONTENT_TYPE = "application/scim+json";

/** RFC 7644 §3.12 detail error keywords. */
export type ScimType =
  | "uniqueness"
  | "tooMany"
  | "invalidFilter"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

/** Thrown by the emulator's own checks; the router turns it into a SCIM error body. */
export class ScimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
  ) {
    super(detail);
    this.name = "ScimHttpError";
  }
}

/**
 * Built here rather than with scimmy's ErrorResponse, which refuses statuses outside RFC 7644's table
 * (429, 503, 405…) that a rate-limited, fault-injected server must send. `statusAs: "number"` reproduces
 * servers (django-scim2) that send `status` as a JSON number where RFC 7644 §3.12 wants a string.
 */
export function scimError(
  status: number,
  detail: string,
  scimType?: ScimType,
  headers: Readonly<Record<string, string>> = {},
  statusAs: "string" | "number" = "string",
): EmulatorResponse {
  const body = {
    schemas: [ERROR_SCHEMA],
    status: statusAs === "number" ? status : String(status),
    ...(scimType === undefined ? {} : { scimType }),
    detail,
  };
  return { status, headers: { "content-type": SCIM_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** scimmy reports protocol errors as SCIMError and schema coercion failures as plain TypeError. */
export function toScimHttpError(error: unknown): ScimHttpError {
  if (error instanceof ScimHttpError) return error;
  if (error instanceof Types.Error) {
    const scimType = (error.scimType as ScimType | null) ?? undefined;
    return new ScimHttpError(error.status, scimType, error.message);
  }
  if (error instanceof TypeError) return new ScimHttpError(400, "invalidValue", error.message);
  return new ScimHttpError(500, undefined, error instanceof Error ? error.message : String(error));
}
