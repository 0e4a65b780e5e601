import { ConfigError, SystemError } from "../../../protocol/index.js";
import type { HttpTarget } from "../http-target.js";

export type LlamaCredentials =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "client"; readonly clientId: string; readonly clientSecret: string };

export interface TokenSource {
  /** The `Authorization` header value. */
  authorization(): Promise<string>;
  /** Forgets a cached OAuth token; true when a fresh one is worth a retry (never for a static token). */
  invalidate(): Promise<boolean>;
}

/** Renew this long before the server's expiry, so a token never dies in flight. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * OAuth2 client credentials as the easyllama-client gem does it: POST {api_url}/oauth/token with client_id,
 * client_secret and grant_type=client_credentials → access_token (CODE); `expires_in` is honoured when given.
 * Or a static API token. Concurrent callers share one token request.
 */
export function createTokenSource(
  credentials: LlamaCredentials,
  tokenEndpoint: HttpTarget,
  now: () => number,
): TokenSource {
  if (credentials.kind === "token") {
    const header = `Bearer ${credentials.token}`;
    return { authorization: () => Promise.resolve(header), invalidate: () => Promise.resolve(false) };
  }
  let cached: Promise<{ header: string; expiresAt: number }> | undefined;
  const fetchToken = async () => {
    const answer = await tokenEndpoint.send({
      method: "POST",
      path: "/oauth/token",
      body: {
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        grant_type: "client_credentials",
      },
    });
    const body = typeof answer.body === "object" && answer.body !== null ? answer.body : {};
    const token = "access_token" in body && typeof body.access_token === "string" ? body.access_token : "";
    if (answer.status === 400) {
      throw new ConfigError(
        "EasyLlama refused the token request (HTTP 400). Check target.client_id and target.client_secret.",
      );
    }
    if (answer.status !== 200 || token === "") {
      throw new SystemError(
        `EasyLlama's token endpoint answered HTTP ${answer.status} without an access token.`,
      );
    }
    const ttl =
      "expires_in" in body && typeof body.expires_in === "number" ? body.expires_in * 1000 : Infinity;
    return { header: `Bearer ${token}`, expiresAt: now() + ttl - EXPIRY_MARGIN_MS };
  };
  return {
    async authorization() {
      const current = cached === undefined ? undefined : await cached.catch(() => undefined);
      if (current !== undefined && now() < current.expiresAt) return current.header;
      const next = fetchToken();
      cached = next;
      return (await next).header;
    },
    invalidate() {
      cached = undefined;
      return Promise.resolve(true);
    },
  };
}
