import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import type { LookupFunction } from "node:net";
import {
  type Clock,
  type Exchange,
  failedExchange,
  type HeaderBag,
  type Peer,
  type RetrySettings,
  systemClock,
  withRetries,
} from "../http/index.js";
import { plainHttpTransport, SystemError } from "../protocol/index.js";
import type { SourceConfig } from "./config.js";
import { parseJsonBody } from "./json-body.js";
import { Pacer } from "./pacer.js";

const USER_AGENT = "hibob-learners/source-hibob";

export type { Clock } from "../http/index.js";

/** Retries of failures (5xx, 408, timeouts, resets, cut-off bodies); waits on 429 are bounded apart. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Retries for one request before it fails as transient. */
  readonly maxRetries: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, maxRetries: 5 };

export interface ClientOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Per endpoint; Bob allows 50 people searches a minute. */
  readonly requestsPerMinute?: number;
  /** A wait Bob asks for (a 429's reset, a Retry-After) longer than this fails the request as transient. */
  readonly maxRateLimitWaitMs?: number;
  readonly timeoutMs?: number;
  readonly onRateLimited?: RateLimitListener;
  /** Resolves an http api_url's host (node's dns.lookup signature); injected by tests, which have no DNS. */
  readonly lookup?: LookupFunction;
}

/**
 * Bob's retry settings. A reset can be up to a minute away and Bob's quota windows are per endpoint, so one
 * request may wait out many 429s (ten minutes at most at once, twenty in all); failures get five retries.
 */
function bobSettings(options: ClientOptions): RetrySettings {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  return {
    maxRetries: backoff.maxRetries,
    maxRateLimitWaits: 20,
    backoff: { baseMs: backoff.baseMs, capMs: backoff.maxMs },
    maxWaitMs: options.maxRateLimitWaitMs ?? 10 * 60_000,
    budgetMs: 20 * 60_000,
  };
}

function bobPeer(options: ClientOptions): Peer {
  return {
    name: "Bob",
    urlField: "api_url",
    // Bob's 429 says when its window resets (X-RateLimit-Reset, epoch seconds).
    rules: { rateLimitReset: true },
    settings: bobSettings(options),
    credentialsRefused: (status, what) =>
      status === 403
        ? `Bob refused access (403) for ${what}: the service user's permission group lacks this permission, ` +
          "or the company's IP trust list does not include this machine."
        : `Bob rejected the service user credentials (${status}) for ${what}. Check service_user_id and service_user_token.`,
  };
}

/** The Basic credential Bob expects; it embeds the token, so the connector masks it like the token. */
export function basicCredential(
  config: Pick<SourceConfig, "service_user_id" | "service_user_token">,
): string {
  return Buffer.from(`${config.service_user_id}:${config.service_user_token}`, "utf8").toString("base64");
}

/** What streams need of Bob's API. */
export interface BobApi {
  get<T>(path: string, params?: QueryParams): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

type Connection = Pick<SourceConfig, "service_user_id" | "service_user_token" | "api_url">;

export type QueryParams = Readonly<Record<string, string | number | boolean>>;

/** Told before each rate-limit wait, with the quota reset time (epoch ms). */
export type RateLimitListener = (resetAtMs: number) => Promise<void>;

/** What a Bob answer holds: the raw body (quoted in refusals) and, for a 2xx, the parsed JSON. */
interface BobBody {
  readonly data: Buffer;
  readonly value: unknown;
}

interface Request {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly params?: QueryParams;
  readonly body?: unknown;
  /** Overrides the client's listener, so each stream reports its own waits. */
  readonly onRateLimited?: RateLimitListener;
}

/** Pacing pauses from this long on are reported to the platform as rate-limit waits. */
const REPORTED_PAUSE_MS = 5_000;

/**
 * Bob's HTTP API as the source needs it: Basic auth and per-endpoint pacing; what a failure means, how long to
 * wait and when to give up are the shared HTTP loop's (../http). 401/403 are never retried — Bob's firewall
 * blocks a credential after 50 of them in 10 seconds.
 */
export class HibobClient implements BobApi {
  readonly #http: AxiosInstance;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #peer: Peer;
  readonly #requestsPerMinute: number;
  readonly #onRateLimited: RateLimitListener | undefined;
  readonly #pacers = new Map<string, Pacer>();

  constructor(connection: Connection, options: ClientOptions = {}) {
    const baseUrl = connection.api_url.replace(/\/+$/, "");
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#peer = bobPeer(options);
    this.#requestsPerMinute = options.requestsPerMinute ?? 48;
    this.#onRateLimited = options.onRateLimited;
    this.#http = axios.create({
      baseURL: baseUrl,
      // Plain http (the emulator) only ever connects to a loopback address; see protocol/url-safety.ts.
      ...plainHttpTransport(baseUrl, options.lookup),
      timeout: options.timeoutMs ?? 120_000,
      headers: {
        Authorization: `Basic ${basicCredential(connection)}`,
        "User-Agent": USER_AGENT,
        Accept: "application/json",
      },
      // Bodies are parsed here, not by axios: an HTML page or a cut-off body must be told apart from JSON, and
      // a large list is best decoded element by element.
      responseType: "arraybuffer",
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
    });
  }

  get<T>(path: string, params?: QueryParams): Promise<T> {
    return this.send<T>({ method: "GET", path, ...(params === undefined ? {} : { params }) });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>({ method: "POST", path, body });
  }

  /** The same client (and the same per-endpoint pacing) with rate-limit waits reported to `listener`. */
  reportingTo(listener: RateLimitListener): BobApi {
    return {
      get: <T>(path: string, params?: QueryParams) =>
        this.send<T>({
          method: "GET",
          path,
          onRateLimited: listener,
          ...(params === undefined ? {} : { params }),
        }),
      post: <T>(path: string, body: unknown) =>
        this.send<T>({ method: "POST", path, body, onRateLimited: listener }),
    };
  }

  async send<T>(request: Request): Promise<T> {
    const what = `${request.method} ${request.path}`;
    const listener = request.onRateLimited ?? this.#onRateLimited;
    const answer = await withRetries(this.#peer, what, () => this.#exchange(request, what, listener), {
      clock: this.#clock,
      random: this.#random,
      onRateLimited: listener,
    });
    if (answer.verdict === "refused") {
      throw new BobRefusal(
        answer.status,
        `Bob answered ${answer.status} for ${what}: ${errorText(answer.response.data)}`,
      );
    }
    return answer.response.value as T;
  }

  /** One paced exchange. A 2xx is parsed here, so a cut-off body is retried like a reset. */
  async #exchange(
    request: Request,
    what: string,
    listener: RateLimitListener | undefined,
  ): Promise<Exchange<BobBody>> {
    const pacer = this.#pacerFor(request);
    const wait = pacer.reserve(this.#clock.now());
    // A long pause for the quota is a rate-limit wait too, even when it spares Bob the 429.
    if (wait >= REPORTED_PAUSE_MS) await listener?.(this.#clock.now() + wait);
    if (wait > 0) await this.#clock.sleep(wait);
    let response: AxiosResponse<Buffer>;
    try {
      response = await this.#http.request<Buffer>({
        method: request.method,
        url: request.path,
        params: request.params,
        data: request.body,
      });
    } catch (error) {
      return failedExchange(error, "api_url");
    }
    const headers = response.headers as HeaderBag;
    pacer.observe(headers, this.#clock.now());
    const answer = { kind: "answer", status: response.status, headers } as const;
    if (response.status < 200 || response.status >= 300) {
      const detail = errorText(response.data);
      return { ...answer, detail, response: { data: response.data, value: undefined } };
    }
    if (String(headers["content-type"] ?? "").includes("text/html")) {
      // Bob falls back to its web app for paths it does not know, with a 200.
      throw new SystemError(
        `Bob answered an HTML page instead of JSON for ${what}: the path is not part of the API.`,
      );
    }
    try {
      const value = parseJsonBody(response.data);
      return { ...answer, detail: "", response: { data: response.data, value } };
    } catch {
      return { kind: "unreadable", problem: `Bob's answer to ${what} was cut off or is not JSON.` };
    }
  }

  #pacerFor(request: Request): Pacer {
    const key = `${request.method} ${request.path.replace(/\/\d{6,}(?=\/|$)/g, "/{id}")}`;
    let pacer = this.#pacers.get(key);
    if (pacer === undefined) {
      pacer = new Pacer(this.#requestsPerMinute);
      this.#pacers.set(key, pacer);
    }
    return pacer;
  }
}

/** Bob refused a request as wrong (400, 404, …): not worth retrying, but a caller may know another way. */
export class BobRefusal extends SystemError {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Bob's error body is `{key, error}`; anything else is quoted briefly. */
function errorText(data: Buffer): string {
  const body = data.toString("utf8");
  try {
    const parsed = JSON.parse(body) as { error?: unknown; key?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 200);
}
