import axios, { isAxiosError } from "axios";
import type { LookupFunction } from "node:net";
import {
  ConfigError,
  plainHttpRefusal,
  plainHttpTransport,
  SystemError,
  TransientError,
} from "../../protocol/index.js";

/** Time and chance, injected so tests move time instead of sleeping. */
export interface RetryTiming {
  /** Epoch ms; only used to read an HTTP-date `Retry-After`. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1); the jitter source. */
  readonly random?: () => number;
}

export interface RetryPolicy {
  /** Retries after the first attempt; then the request fails as transient. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  /** A single wait longer than this (backoff cap, or a `Retry-After` asking for more) gives up instead. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/** `Retry-After` in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names its day and month; Date.parse alone would read "-5" as a year.
  const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before retry number `retry` (0-based): the server's `Retry-After` when it gave one, otherwise
 * exponential backoff with full jitter, so parallel writers do not retry in step. `undefined` means give up.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (retry >= policy.maxRetries) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs > policy.maxDelayMs ? undefined : retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** 429 and 5xx may succeed later; everything else is the caller's to read. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export interface HttpRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Below the base URL, e.g. "/Users". */
  readonly path: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
}

export interface HttpAnswer {
  readonly status: number;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  readonly body: unknown;
}

export interface HttpTargetOptions {
  readonly baseUrl: string;
  /** The config field holding `baseUrl`, named when plain http to it is refused, e.g. "target.base_url". */
  readonly urlField: string;
  /** Resolves an http base URL's host (node's dns.lookup signature); injected by tests, which have no DNS. */
  readonly lookup?: LookupFunction;
  /** How messages name the peer: "the SCIM server", "EasyLlama". */
  readonly peer: string;
  /** The `Authorization` header value, or undefined to send none (a token endpoint). */
  readonly authorization: () => Promise<string | undefined>;
  /** The config field(s) to fix when the peer answers 401/403, e.g. "target.token". */
  readonly credentialFields: string;
  /** Called once on a 401; true means fresh credentials are worth one more try (an expired OAuth token). */
  readonly onUnauthorized?: () => Promise<boolean>;
  readonly mediaType: string;
  readonly timeoutMs?: number;
  readonly policy?: RetryPolicy;
  readonly timing?: RetryTiming;
}

/** One HTTP peer: answers every status it does not retry; throws ConfigError on 401/403, TransientError when out of retries. */
export interface HttpTarget {
  send(request: HttpRequest): Promise<HttpAnswer>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A transport failure, described without the request config (which carries the Authorization header). Every
 * status is accepted, so axios throws only when the exchange itself broke: a reset, a timeout, or an answer cut
 * off mid-body (which still carries its status line). The request may have taken effect: creates that are
 * retried meet 409 and adopt what they made.
 */
function networkFailure(error: unknown): Error | undefined {
  if (!isAxiosError(error)) return undefined;
  return new Error(`${error.code ?? "network error"}: ${error.message}`);
}

/**
 * The one retry loop for learner targets: 429, 5xx and connection resets are retried with backoff (honouring
 * `Retry-After`) within a bounded budget, then fail as transient; 401/403 fail at once as a config error
 * (retrying a bad credential only gets it locked). Nothing here ever prints a credential.
 */
export function createHttpTarget(options: HttpTargetOptions): HttpTarget {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const now = options.timing?.now ?? Date.now;
  const sleep = options.timing?.sleep ?? realSleep;
  const random = options.timing?.random ?? Math.random;
  const http = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    timeout: options.timeoutMs ?? 30_000,
    responseType: "text",
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
    maxRedirects: 0,
    // Plain http (an emulator) only ever connects to a loopback address; see protocol/url-safety.ts.
    ...plainHttpTransport(options.baseUrl, options.lookup),
  });

  return {
    async send(request) {
      const what = `${request.method} ${request.path}`;
      let retry = 0;
      let refreshed = false;
      for (;;) {
        const authorization = await options.authorization();
        let status: number;
        let text = "";
        let retryAfter: string | undefined;
        let failure: Error | undefined;
        try {
          const response = await http.request<string>({
            method: request.method,
            url: request.path,
            ...(request.params === undefined ? {} : { params: request.params }),
            ...(request.body === undefined ? {} : { data: JSON.stringify(request.body) }),
            headers: {
              Accept: options.mediaType,
              ...(request.body === undefined ? {} : { "Content-Type": options.mediaType }),
              ...(authorization === undefined ? {} : { Authorization: authorization }),
            },
          });
          status = response.status;
          text = typeof response.data === "string" ? response.data : "";
          const header: unknown = response.headers["retry-after"];
          retryAfter = typeof header === "string" ? header : undefined;
        } catch (error) {
          const refusal = plainHttpRefusal(error);
          if (refusal !== undefined)
            throw new ConfigError(refusal.problemFor(options.urlField), { cause: refusal });
          failure = networkFailure(error);
          if (failure === undefined) {
            throw new SystemError(`${options.peer}: ${what} could not be sent`, {
              cause: new Error(error instanceof Error ? error.message : String(error)),
            });
          }
          status = 0;
        }
        if (status === 401 && !refreshed && options.onUnauthorized !== undefined) {
          refreshed = true;
          if (await options.onUnauthorized()) continue;
        }
        if (status === 401 || status === 403) {
          throw new ConfigError(
            `${options.peer} refused the credentials (HTTP ${status} on ${what}). Check ${options.credentialFields}.`,
          );
        }
        if (failure === undefined && !isRetryableStatus(status)) return { status, body: parseBody(text) };
        const wait = retryDelay(retry, parseRetryAfter(retryAfter, now()), policy, random);
        if (wait === undefined) {
          const last = failure?.message ?? `HTTP ${status}`;
          throw new TransientError(
            `${options.peer} is unavailable or rate limiting: ${what} failed after ${retry + 1} attempts (${last}).`,
            { cause: failure ?? new Error(`HTTP ${status}: ${text.slice(0, 500)}`) },
          );
        }
        retry += 1;
        await sleep(wait);
      }
    },
  };
}
