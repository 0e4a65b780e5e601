import type { HeaderBag } from "./headers.js";
import { headerValue } from "./headers.js";
import { rateLimitResetWait } from "./rate-limit-headers.js";
import { parseRetryAfter } from "./retry-after.js";

/** What one exchange with a peer came to, before anyone decides what it means. */
export type Outcome =
  | { readonly kind: "answer"; readonly status: number; readonly headers: HeaderBag }
  /** The exchange broke: a reset, a timeout, a refused connection (`code` as node or axios names it). */
  | { readonly kind: "network"; readonly code: string | undefined }
  /** A 2xx whose body was cut off or is not what the media type promised. */
  | { readonly kind: "unreadable" };

/**
 * What to do about an outcome:
 * - `success`: the caller reads the answer;
 * - `refused`: the peer's final word on this request (400, 404, 409, 422, 501 …): never retried; the edge makes
 *   it a system error (Bob) or a per-record reject (the learner targets);
 * - `retry`: may work later; wait `waitMs` when the peer said how long (`Retry-After`), else back off;
 * - `rate_limited`: a 429; wait `waitMs` when the peer said until when, else back off;
 * - `config`: the user must fix a setting (a credential, a host name): fail at once, never retry;
 * - `system`: the exchange failed in a way nobody planned for: fail at once.
 * Retries and waits that run out of budget end as a transient failure (the loop decides that, not the table).
 */
export type Verdict =
  | { readonly kind: "success" }
  | { readonly kind: "refused" }
  | { readonly kind: "retry"; readonly waitMs: number | undefined }
  | { readonly kind: "rate_limited"; readonly waitMs: number | undefined }
  | { readonly kind: "config"; readonly problem: "credentials" | "host" }
  | { readonly kind: "system" };

/** Where peers truly differ in what their answers mean. */
export interface PeerRules {
  /** The peer's 429 carries `X-RateLimit-Reset` in epoch seconds (Bob); it wins over `Retry-After`. */
  readonly rateLimitReset: boolean;
}

/** Network failures that say nothing about the request: the same request may well work a moment later. */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED", // axios: the request timed out
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN", // the resolver did not answer in time: nothing is known about the host
  "ERR_NETWORK",
  "ERR_BAD_RESPONSE", // axios: the body was cut off mid-stream
]);

/** Network failures the user fixes: the host name does not exist (a typo in the URL setting). */
const CONFIG_NETWORK_CODES: ReadonlySet<string> = new Set(["ENOTFOUND"]);

/**
 * The one table of failures for every HTTP edge (Bob, SCIM, EasyLlama). Pure: `nowMs` only reads an HTTP-date.
 *
 * | outcome                                  | verdict                                                  |
 * | ---------------------------------------- | -------------------------------------------------------- |
 * | 2xx                                      | success                                                  |
 * | 401, 403, 407                            | config (credentials): never retried                      |
 * | 429                                      | rate_limited: X-RateLimit-Reset (Bob), else Retry-After  |
 * | 408, 500, 502–504, 506+                  | retry, after Retry-After when given                      |
 * | 501, 505 (not supported)                 | refused                                                  |
 * | other 1xx/3xx/4xx                        | refused                                                  |
 * | reset, timeout, refused, EAI_AGAIN, …    | retry                                                    |
 * | ENOTFOUND                                | config (host)                                            |
 * | any other network failure                | system                                                   |
 * | a 2xx cut off or not JSON                | retry                                                    |
 */
export function classify(outcome: Outcome, rules: PeerRules, nowMs: number): Verdict {
  switch (outcome.kind) {
    case "unreadable":
      return { kind: "retry", waitMs: undefined };
    case "network": {
      const code = outcome.code ?? "";
      if (RETRYABLE_NETWORK_CODES.has(code)) return { kind: "retry", waitMs: undefined };
      if (CONFIG_NETWORK_CODES.has(code)) return { kind: "config", problem: "host" };
      return { kind: "system" };
    }
    case "answer":
      return classifyStatus(outcome.status, outcome.headers, rules, nowMs);
  }
}

function classifyStatus(status: number, headers: HeaderBag, rules: PeerRules, nowMs: number): Verdict {
  if (status >= 200 && status < 300) return { kind: "success" };
  if (status === 401 || status === 403 || status === 407) return { kind: "config", problem: "credentials" };
  const retryAfter = (): number | undefined => parseRetryAfter(headerValue(headers, "retry-after"), nowMs);
  if (status === 429) {
    const reset = rules.rateLimitReset ? rateLimitResetWait(headers, nowMs) : undefined;
    return { kind: "rate_limited", waitMs: reset ?? retryAfter() };
  }
  // 501 and 505: the peer does not support what was asked (RFC 9110 §15.6.2, RFC 7644 §3.12), so asking again
  // cannot help.
  if (status === 501 || status === 505) return { kind: "refused" };
  if (status === 408 || (status >= 500 && status < 600)) return { kind: "retry", waitMs: retryAfter() };
  return { kind: "refused" };
}
