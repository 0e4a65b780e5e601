import { ConfigError, SystemError, TransientError } from "../protocol/index.js";
import type { Backoff } from "./backoff.js";
import { backoffDelay } from "./backoff.js";
import type { PeerRules } from "./classify.js";
import { classify } from "./classify.js";
import type { Clock } from "./clock.js";
import type { Exchange } from "./exchange.js";
import { AnswerRetriesExhausted } from "./gave-up.js";

/** How long one request may keep trying; per peer, since a peer's limits and a sync's patience differ. */
export interface RetrySettings {
  /** Retries of 5xx, 408, resets, timeouts and cut-off bodies after the first attempt. */
  readonly maxRetries: number;
  /** 429s one request may wait out; counted apart, so a rate limit does not use up the retries of failures. */
  readonly maxRateLimitWaits: number;
  readonly backoff: Backoff;
  /** The longest single wait; a peer asking for more (Retry-After, a reset) fails the request at once. */
  readonly maxWaitMs: number;
  /** All the waiting one request may do, backoff and rate limits together. */
  readonly budgetMs: number;
}

export interface Peer {
  /** How messages name the peer, first word of a sentence: "Bob", "The SCIM server", "EasyLlama". */
  readonly name: string;
  /** The config field holding the peer's URL, named when its host is refused or unknown. */
  readonly urlField: string;
  readonly rules: PeerRules;
  readonly settings: RetrySettings;
  /** The config error's message for a refused credential (401, 403, 407): what to check. Never the value. */
  credentialsRefused(status: number, what: string): string;
}

export interface RetryLoopOptions {
  readonly clock: Clock;
  /** [0, 1); the jitter source. */
  readonly random: () => number;
  /** Told before each wait on a 429, with when it ends (epoch ms); the source reports it to the platform. */
  readonly onRateLimited?: ((untilMs: number) => Promise<void>) | undefined;
  /** Asked once on a 401: true when fresh credentials are worth one more try (an expired OAuth token). */
  readonly refreshCredentials?: (() => Promise<boolean>) | undefined;
}

/** The answers a caller acts on: a success, or the peer's final refusal (its reject or system error to make). */
export interface Answered<R> {
  readonly verdict: "success" | "refused";
  readonly status: number;
  readonly response: R;
}

const seconds = (ms: number): number => Math.ceil(ms / 1000);

const codeOf = <R>(exchange: Exchange<R>): string =>
  exchange.kind === "network" ? (exchange.code ?? "network error") : exchange.kind;

function problemOf<R>(peer: Peer, what: string, exchange: Exchange<R>): string {
  switch (exchange.kind) {
    case "answer":
      return `${peer.name} answered ${exchange.status} for ${what}.`;
    case "network":
      return `${peer.name} could not be reached for ${what} (${codeOf(exchange)}).`;
    case "unreadable":
      return exchange.problem;
  }
}

function causeOf<R>(exchange: Exchange<R>): Error {
  switch (exchange.kind) {
    case "answer":
      return new Error(`HTTP ${exchange.status}: ${exchange.detail}`);
    case "network":
      return exchange.cause;
    case "unreadable":
      return new Error(exchange.problem);
  }
}

/**
 * The one retry loop of every HTTP edge. `send` makes one exchange (pacing, auth and transport are the edge's);
 * `classify` says what it means; this loop waits, retries or throws the error class the CLI edge turns into a
 * TRACE: ConfigError → config_error, TransientError → transient_error, SystemError → system_error.
 */
export async function withRetries<R>(
  peer: Peer,
  what: string,
  send: () => Promise<Exchange<R>>,
  options: RetryLoopOptions,
): Promise<Answered<R>> {
  const { settings } = peer;
  let retries = 0;
  let rateLimits = 0;
  let waitedMs = 0;
  let refreshed = false;
  for (let attempt = 1; ; attempt += 1) {
    const exchange = await send();
    const verdict = classify(exchange, peer.rules, options.clock.now());
    const giveUp = (why: string): TransientError => {
      const message = `${problemOf(peer, what, exchange)} ${why}`;
      const cause = causeOf(exchange);
      return exchange.kind === "answer"
        ? new AnswerRetriesExhausted(message, exchange.status, exchange.response, { cause })
        : new TransientError(message, { cause });
    };
    switch (verdict.kind) {
      case "success":
      case "refused":
        if (exchange.kind !== "answer")
          throw new Error(`a ${exchange.kind} exchange cannot be ${verdict.kind}`);
        return { verdict: verdict.kind, status: exchange.status, response: exchange.response };
      case "config": {
        if (verdict.problem === "host") {
          throw new ConfigError(
            `${peer.name}'s host could not be found (${codeOf(exchange)} on ${what}): check '${peer.urlField}'.`,
            { cause: causeOf(exchange) },
          );
        }
        const status = exchange.kind === "answer" ? exchange.status : 0;
        if (status === 407) {
          throw new ConfigError(
            `${peer.name} could not be reached through the proxy: it asks for credentials (HTTP 407 on ${what}). ` +
              "Check this machine's proxy settings (HTTPS_PROXY).",
          );
        }
        if (status === 401 && !refreshed && options.refreshCredentials !== undefined) {
          refreshed = true;
          if (await options.refreshCredentials()) continue;
        }
        throw new ConfigError(peer.credentialsRefused(status, what));
      }
      case "system":
        throw new SystemError(`${peer.name}: ${what} could not be sent (${codeOf(exchange)}).`, {
          cause: causeOf(exchange),
        });
      case "rate_limited":
      case "retry": {
        const limited = verdict.kind === "rate_limited";
        const used = limited ? rateLimits : retries;
        if (used >= (limited ? settings.maxRateLimitWaits : settings.maxRetries)) {
          throw giveUp(`Gave up after ${attempt} attempts; the next sync will try again.`);
        }
        const waitMs = verdict.waitMs ?? backoffDelay(used, options.random(), settings.backoff);
        // Backoff stays under its own cap; only a peer's Retry-After or reset can ask for too long a wait.
        if (verdict.waitMs !== undefined && waitMs > settings.maxWaitMs) {
          throw giveUp(
            `It asks for a wait of ${seconds(waitMs)} s, longer than the ${seconds(settings.maxWaitMs)} s a request waits; the next sync will continue.`,
          );
        }
        if (waitedMs + waitMs > settings.budgetMs) {
          throw giveUp(
            `Gave up after ${attempt} attempts: ${seconds(waitedMs)} s spent waiting, and ${seconds(waitMs)} s more would pass the ${seconds(settings.budgetMs)} s a request may wait; the next sync will try again.`,
          );
        }
        if (limited) {
          rateLimits += 1;
          await options.onRateLimited?.(options.clock.now() + waitMs);
        } else {
          retries += 1;
        }
        waitedMs += waitMs;
        await options.clock.sleep(waitMs);
      }
    }
  }
}
