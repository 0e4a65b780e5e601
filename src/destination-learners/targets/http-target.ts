import axios from "axios";
import type { LookupFunction } from "node:net";
import type { Exchange, HeaderBag, Peer, RetrySettings } from "../../http/index.js";
import { failedExchange, withRetries } from "../../http/index.js";
import { plainHttpTransport } from "../../protocol/index.js";

// The learner targets' HTTP edge: JSON bodies, an Authorization header per attempt and the targets' retry
// settings. Classification, timing and the loop itself are the shared ones in src/http.

/** Time and chance, injected so tests move time instead of sleeping. */
export interface RetryTiming {
  /** Epoch ms; only used to read an HTTP-date `Retry-After`. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1); the jitter source. */
  readonly random?: () => number;
}

export interface RetryPolicy {
  /** Retries after the first attempt, for failures and, counted apart, for 429s; then the request fails as transient. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  /** The backoff cap, and the longest single wait: a `Retry-After` asking for more gives up instead. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/** Ten minutes of waiting for one request: far more than six capped waits take, so only a stuck peer meets it. */
const TARGET_WAIT_BUDGET_MS = 10 * 60_000;

function targetSettings(policy: RetryPolicy): RetrySettings {
  return {
    maxRetries: policy.maxRetries,
    maxRateLimitWaits: policy.maxRetries,
    backoff: { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs },
    maxWaitMs: policy.maxDelayMs,
    budgetMs: TARGET_WAIT_BUDGET_MS,
  };
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

/**
 * One HTTP peer. `send` answers successes and the peer's refusals (other 4xx, 501, 3xx), which the target turns
 * into per-record rejects or system errors; it throws ConfigError on 401/403 and TransientError once the retries
 * or the wait budget run out.
 */
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
 * A learner target's HTTP edge. A retried request may already have taken effect (a reset after the write):
 * creates that are retried meet 409/422 and adopt what they made. Nothing here ever prints a credential.
 */
export function createHttpTarget(options: HttpTargetOptions): HttpTarget {
  const peer: Peer = {
    name: options.peer,
    urlField: options.urlField,
    rules: { rateLimitReset: false },
    settings: targetSettings(options.policy ?? DEFAULT_RETRY_POLICY),
    credentialsRefused: (status, what) =>
      `${options.peer} refused the credentials (HTTP ${status} on ${what}). Check ${options.credentialFields}.`,
  };
  const loop = {
    clock: { now: options.timing?.now ?? Date.now, sleep: options.timing?.sleep ?? realSleep },
    random: options.timing?.random ?? Math.random,
    refreshCredentials: options.onUnauthorized,
  };
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

  const exchange = async (request: HttpRequest): Promise<Exchange<string>> => {
    const authorization = await options.authorization();
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
      const text = typeof response.data === "string" ? response.data : "";
      const headers = response.headers as HeaderBag;
      return { kind: "answer", status: response.status, headers, response: text, detail: text.slice(0, 500) };
    } catch (error) {
      return failedExchange(error, options.urlField);
    }
  };

  return {
    async send(request) {
      const what = `${request.method} ${request.path}`;
      const answer = await withRetries(peer, what, () => exchange(request), loop);
      return { status: answer.status, body: parseBody(answer.response) };
    },
  };
}
