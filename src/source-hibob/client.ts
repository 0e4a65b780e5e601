import axios, { type AxiosInstance, isAxiosError } from "axios";
import { ConfigError, SystemError, TransientError } from "../protocol/index.js";
import type { SourceConfig } from "./config.js";

const USER_AGENT = "hibob-learners/source-hibob";

/** The Basic credential Bob expects; it embeds the token, so the connector masks it like the token. */
export function basicCredential(config: SourceConfig): string {
  return Buffer.from(`${config.service_user_id}:${config.service_user_token}`, "utf8").toString("base64");
}

export function createHttp(config: SourceConfig, timeoutMs = 60_000): AxiosInstance {
  return axios.create({
    baseURL: config.api_url.replace(/\/+$/, ""),
    timeout: timeoutMs,
    headers: {
      Authorization: `Basic ${basicCredential(config)}`,
      "User-Agent": USER_AGENT,
      Accept: "application/json",
    },
    // Statuses are classified in one place below, never by axios' default of "throw on non-2xx".
    validateStatus: () => true,
  });
}

/**
 * Classifies one Bob answer. 401/403 are config errors and must never be retried: Bob's firewall blocks a
 * credential after 50 of them in 10 seconds.
 */
export function failureFor(status: number, what: string): Error | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 401) {
    return new ConfigError(
      `Bob rejected the service user credentials (401) when ${what}. Check service_user_id and service_user_token.`,
    );
  }
  if (status === 403) {
    return new ConfigError(
      `Bob refused access (403) when ${what}: the service user's permission group lacks this permission, ` +
        "or the company's IP trust list does not include this machine.",
    );
  }
  if (status === 429 || status === 408 || status >= 500) {
    return new TransientError(`Bob answered ${status} when ${what}; a later retry may succeed.`);
  }
  return new SystemError(`Bob answered ${status} when ${what}.`);
}

/** Network failures (DNS, refused, reset, timeout) before any answer. */
export function networkFailure(error: unknown, baseUrl: string, what: string): Error {
  const code = isAxiosError(error) ? (error.code ?? "network error") : "network error";
  return new TransientError(`Could not reach Bob at ${baseUrl} when ${what} (${code}).`, { cause: error });
}
