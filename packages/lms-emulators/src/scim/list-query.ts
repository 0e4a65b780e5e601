import { ScimHttpError, toScimHttpError } from "./errors.js";
import type { ScimSettings } from "./context.js";
import { Resources } from "./scimmy.js";
import type { Types } from "./scimmy.js";

export interface ListQuery {
  readonly filter: string | undefined;
  /** 1-based, as RFC 7644 §3.4.2.4 says; values below 1 are read as 1. */
  readonly startIndex: number;
  readonly count: number;
  readonly attributes: Types.Filter | undefined;
}

export function parseListQuery(query: URLSearchParams, settings: ScimSettings): ListQuery {
  const startIndex = Math.max(1, integer(query, "startIndex") ?? 1);
  const count = Math.min(
    settings.maxPageSize,
    Math.max(0, integer(query, "count") ?? settings.defaultPageSize),
  );
  return { filter: query.get("filter") ?? undefined, startIndex, count, attributes: parseAttributes(query) };
}

/** `attributes` / `excludedAttributes`, parsed by scimmy's resource constructor exactly as scimmy would. */
export function parseAttributes(query: URLSearchParams): Types.Filter | undefined {
  const attributes = query.get("attributes");
  const excludedAttributes = query.get("excludedAttributes");
  if (attributes === null && excludedAttributes === null) return undefined;
  try {
    return new Resources.User(undefined, {
      ...(attributes === null ? {} : { attributes }),
      ...(excludedAttributes === null ? {} : { excludedAttributes }),
    }).attributes;
  } catch (error) {
    throw toScimHttpError(error);
  }
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new ScimHttpError(400, "invalidValue", `${name} must be an integer, got '${raw}'`);
  }
  return Number.parseInt(raw, 10);
}
