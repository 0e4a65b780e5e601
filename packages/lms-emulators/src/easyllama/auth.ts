import { randomBytes } from "node:crypto";
import type { Clock } from "@hibob-learners/emulator-kit";
import { isJsonObject, parseJson } from "@hibob-learners/emulator-kit";

/**
 * OAuth2 client credentials as the easyllama-client gem uses them: POST {base}/oauth/token with client_id,
 * client_secret and grant_type=client_credentials, answered with an access_token (CODE). Expiry, token_type
 * and the error bodies follow RFC 6749 §5 (inferred). Static API tokens are accepted too (the gem allows one).
 */
export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Long-lived tokens accepted as-is. */
  readonly apiTokens: readonly string[];
  readonly tokenTtlSeconds: number;
}

export type TokenRequest =
  | { readonly ok: true; readonly status: 200; readonly body: Readonly<Record<string, string | number>> }
  | { readonly ok: false; readonly status: 400 | 401; readonly body: Readonly<Record<string, string>> };

export interface TokenAuthority {
  /** The whole token endpoint: body (JSON or form), optional Basic client authentication. */
  issue(body: string, contentType: string | undefined, authorization: string | undefined): TokenRequest;
  accepts(token: string | undefined): boolean;
  reset(): void;
}

export function createTokenAuthority(
  credentials: Credentials,
  clock: Clock,
  newToken: () => string = () => randomBytes(24).toString("hex"),
): TokenAuthority {
  const issued = new Map<string, number>();
  return {
    issue(body, contentType, authorization) {
      const fields = { ...basicClient(authorization), ...tokenFields(body, contentType) };
      if (fields.grant_type !== "client_credentials") {
        return failure(400, "unsupported_grant_type", "grant_type must be client_credentials");
      }
      if (fields.client_id !== credentials.clientId || fields.client_secret !== credentials.clientSecret) {
        return failure(401, "invalid_client", "client authentication failed");
      }
      const token = newToken();
      const now = clock();
      issued.set(token, now + credentials.tokenTtlSeconds * 1000);
      return {
        ok: true,
        status: 200,
        body: {
          access_token: token,
          token_type: "Bearer",
          expires_in: credentials.tokenTtlSeconds,
          created_at: Math.floor(now / 1000),
        },
      };
    },
    accepts(token) {
      if (token === undefined) return false;
      if (credentials.apiTokens.includes(token)) return true;
      const expiresAt = issued.get(token);
      return expiresAt !== undefined && clock() < expiresAt;
    },
    reset() {
      issued.clear();
    },
  };
}

function tokenFields(body: string, contentType: string | undefined): Record<string, string> {
  if (contentType?.includes("application/x-www-form-urlencoded") === true) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  const parsed = parseJson(body);
  if (!parsed.ok || !isJsonObject(parsed.value)) return {};
  return Object.fromEntries(
    Object.entries(parsed.value).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])),
  );
}

/** RFC 6749 §2.3.1 client_secret_basic. */
function basicClient(authorization: string | undefined): Record<string, string> {
  const match = authorization === undefined ? null : /^Basic\s+(\S+)$/i.exec(authorization);
  if (match?.[1] === undefined) return {};
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return {};
  return {
    client_id: decodeURIComponent(decoded.slice(0, colon)),
    client_secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function failure(status: 400 | 401, error: string, description: string): TokenRequest {
  return { ok: false, status, body: { error, error_description: description } };
}
