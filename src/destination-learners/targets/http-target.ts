import axios from "axios";
import type { LookupFunction } from "node:net";
import type { Clock, Exchange, HeaderBag, Pace, Peer, RetrySettings } from "../../http/index.js";
import { createPace, DEFAULT_LIMIT_SETTINGS, failedExchange, withRetries } from "../../http/index.js";
import { plainHttpTransport } from "../../protocol/index.js";
import { parseJsonBody } from "./json-body.js";

// The learner targets' HTTP edge: JSON bodies, an Authorization header per attempt and the targets' retry
// settings. Classification, timing and the loop itself are the shared ones in src/http.

/** Time and chance, injected so tests move time instead of sleeping. */
export interface RetryTiming {
  /** Epoch ms: reads an HTTP-date `Retry-After` and times each attempt for the adaptive limit. */
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
  /** How many attempts are in flight, learned from the answers; one per peer (default: this target's own). */
  readonly pace?: Pace;
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

const clockOf = (timing: RetryTiming | undefined): Clock => ({
  now: timing?.now ?? Date.now,
  sleep: timing?.sleep ?? realSleep,
});

/**
 * A learner target's pace: one per peer per run (EasyLlama shares one between its token and API calls). A
 * `Retry-After` longer than a request would wait holds no one back: each request gives up on it itself.
 */
export function createTargetPace(policy: RetryPolicy, timing?: RetryTiming): Pace {
  return createPace({
    clock: clockOf(timing),
    settings: { ...DEFAULT_LIMIT_SETTINGS, maxHoldMs: policy.maxDelayMs },
  });
}

/**
 * A learner target's HTTP edge. A retried request may already have taken effect (a reset after the write):
 * creates that are retried meet 409/422 and adopt what they made. Nothing here ever prints a credential.
 */
export function createHttpTarget(options: HttpTargetOptions): HttpTarget {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const peer: Peer = {
    name: options.peer,
    urlField: options.urlField,
    rules: { rateLimitReset: false },
    settings: targetSettings(policy),
    credentialsRefused: (status, what) =>
      `${options.peer} refused the credentials (HTTP ${status} on ${what}). Check ${options.credentialFields}.`,
  };
  const clock = clockOf(options.timing);
  const loop = {
    clock,
    random: options.timing?.random ?? Math.random,
    refreshCredentials: options.onUnauthorized,
  };
  const pace = options.pace ?? createTargetPace(policy, options.timing);
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

  // The slot is taken after the credentials are at hand: fetching a token is itself an attempt through the
  // same pace (EasyLlama), which must not wait on a slot its own caller holds.
  const exchange = async (request: HttpRequest): Promise<Exchange<string>> => {
    const authorization = await options.authorization();
    return pace.attempt(() => attempt(request, authorization));
  };
  const attempt = async (
    request: HttpRequest,
    authorization: string | undefined,
  ): Promise<Exchange<string>> => {
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
      return { status: answer.status, body: parseJsonBody(answer.response) };
    },
  };
}
