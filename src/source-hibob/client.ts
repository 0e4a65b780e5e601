import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from "axios";
import type { LookupFunction } from "node:net";
import {
  ConfigError,
  plainHttpRefusal,
  plainHttpTransport,
  SystemError,
  TransientError,
} from "../protocol/index.js";
import type { SourceConfig } from "./config.js";
import { parseJsonBody } from "./json-body.js";
import { Pacer } from "./pacer.js";
import {
  type BackoffPolicy,
  backoffDelay,
  DEFAULT_BACKOFF,
  rateLimitWait,
  verdictFor,
} from "./retry-policy.js";

const USER_AGENT = "hibob-learners/source-hibob";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ClientOptions {
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Per endpoint; Bob allows 50 people searches a minute. */
  readonly requestsPerMinute?: number;
  /** A single 429 wait longer than this fails the request as transient instead of sleeping. */
  readonly maxRateLimitWaitMs?: number;
  readonly timeoutMs?: number;
  readonly onRateLimited?: RateLimitListener;
  /** Resolves an http api_url's host (node's dns.lookup signature); injected by tests, which have no DNS. */
  readonly lookup?: LookupFunction;
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

const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ERR_BAD_RESPONSE",
]);

/**
 * Bob's HTTP API as the source needs it: Basic auth, per-endpoint pacing, waits on 429, bounded retries with
 * backoff on 5xx/timeouts/resets, and one classification of every failure. 401/403 are never retried — Bob's
 * firewall blocks a credential after 50 of them in 10 seconds.
 */
export class HibobClient implements BobApi {
  readonly #http: AxiosInstance;
  readonly #baseUrl: string;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #backoff: BackoffPolicy;
  readonly #requestsPerMinute: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #onRateLimited: RateLimitListener | undefined;
  readonly #pacers = new Map<string, Pacer>();

  constructor(connection: Connection, options: ClientOptions = {}) {
    this.#baseUrl = connection.api_url.replace(/\/+$/, "");
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#requestsPerMinute = options.requestsPerMinute ?? 48;
    this.#maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 10 * 60_000;
    this.#onRateLimited = options.onRateLimited;
    this.#http = axios.create({
      baseURL: this.#baseUrl,
      // Plain http (the emulator) only ever connects to a loopback address; see protocol/url-safety.ts.
      ...plainHttpTransport(this.#baseUrl, options.lookup),
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
    const pacer = this.#pacerFor(request);
    const listener = request.onRateLimited ?? this.#onRateLimited;
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
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
        const refusal = plainHttpRefusal(error);
        if (refusal !== undefined) throw new ConfigError(refusal.problemFor("api_url"), { cause: refusal });
        const code = isAxiosError(error) ? error.code : undefined;
        if (code === undefined || !RETRYABLE_NETWORK_CODES.has(code)) {
          throw new SystemError(`The request ${what} to Bob failed.`, { cause: error });
        }
        failures = await this.#retryOrThrow(
          failures,
          `Could not reach Bob at ${this.#baseUrl} for ${what} (${code}).`,
          error,
        );
        continue;
      }
      const headers = response.headers as Record<string, string | undefined>;
      pacer.observe(headers, this.#clock.now());
      const verdict = verdictFor(response.status);
      switch (verdict.kind) {
        case "ok": {
          const parsed = this.#parse(response, what);
          if (parsed.ok) return parsed.value as T;
          failures = await this.#retryOrThrow(failures, parsed.problem);
          continue;
        }
        case "rate_limited": {
          const waitMs = rateLimitWait(headers, this.#clock.now(), rateLimits, this.#random());
          rateLimits += 1;
          if (waitMs > this.#maxRateLimitWaitMs) {
            throw new TransientError(
              `Bob's rate limit for ${what} resets in ${Math.round(waitMs / 1000)} s, longer than the source waits; the next sync will continue.`,
            );
          }
          await listener?.(this.#clock.now() + waitMs);
          await this.#clock.sleep(waitMs);
          continue;
        }
        case "retry":
          failures = await this.#retryOrThrow(failures, `Bob answered ${response.status} for ${what}.`);
          continue;
        case "auth":
          throw authError(response.status, what);
        case "fail":
          throw new BobRefusal(
            response.status,
            `Bob answered ${response.status} for ${what}: ${errorText(response.data)}`,
          );
      }
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

  async #retryOrThrow(failures: number, problem: string, cause?: unknown): Promise<number> {
    if (failures >= this.#backoff.maxRetries) {
      throw new TransientError(`${problem} Gave up after ${failures + 1} attempts.`, { cause });
    }
    await this.#clock.sleep(backoffDelay(failures, this.#random(), this.#backoff));
    return failures + 1;
  }

  #parse(
    response: AxiosResponse<Buffer>,
    what: string,
  ): { ok: true; value: unknown } | { ok: false; problem: string } {
    const type = String(response.headers["content-type"] ?? "");
    if (type.includes("text/html")) {
      // Bob falls back to its web app for paths it does not know, with a 200.
      throw new SystemError(
        `Bob answered an HTML page instead of JSON for ${what}: the path is not part of the API.`,
      );
    }
    try {
      return { ok: true, value: parseJsonBody(response.data) };
    } catch {
      return { ok: false, problem: `Bob's answer to ${what} was cut off or is not JSON.` };
    }
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

function authError(status: number, what: string): ConfigError {
  if (status === 401) {
    return new ConfigError(
      `Bob rejected the service user credentials (401) for ${what}. Check service_user_id and service_user_token.`,
    );
  }
  return new ConfigError(
    `Bob refused access (403) for ${what}: the service user's permission group lacks this permission, ` +
      "or the company's IP trust list does not include this machine.",
  );
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
