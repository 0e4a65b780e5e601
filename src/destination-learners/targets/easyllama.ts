import type { LookupFunction } from "node:net";
import type { Pace } from "../../http/index.js";
import { ConfigError } from "../../protocol/index.js";
import type { TargetConfig } from "../config.js";
import { applyLlamaPlan } from "./easyllama/apply.js";
import type { LlamaCredentials } from "./easyllama/auth.js";
import { createTokenSource } from "./easyllama/auth.js";
import { createLlamaClient } from "./easyllama/client.js";
import { loadDirectory } from "./easyllama/directory.js";
import { createLearnerWriter } from "./easyllama/learners.js";
import type { RetryPolicy, RetryTiming } from "./http-target.js";
import { createHttpTarget, createTargetPace, DEFAULT_RETRY_POLICY } from "./http-target.js";
import { directoryTarget } from "./directory-target.js";
import { WRITE_LANES } from "./pool.js";
import type { Target } from "./target.js";

export type EasyLlamaTargetConfig = Extract<TargetConfig, { type: "easyllama" }>;

export interface EasyLlamaTargetOptions extends RetryTiming {
  /** Writes queued at once within one phase (default WRITE_LANES); the pace decides how many are in flight. */
  readonly concurrency?: number;
  /** The pace of every call to EasyLlama, token requests included (default: one per target); tests watch it. */
  readonly pace?: Pace;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** Resolves an http api_url's host; injected by tests. */
  readonly lookup?: LookupFunction;
}

/** Client credentials when both are set, else the static token (the config schema demands one of the two). */
function credentialsOf(config: EasyLlamaTargetConfig): LlamaCredentials {
  if (config.client_id !== undefined && config.client_secret !== undefined) {
    return { kind: "client", clientId: config.client_id, clientSecret: config.client_secret };
  }
  if (config.api_token !== undefined) return { kind: "token", token: config.api_token };
  throw new ConfigError("EasyLlama needs target.client_id and target.client_secret, or target.api_token.");
}

/**
 * EasyLlama's learner API. A learner's ref is EasyLlama's numeric id; archiving is DELETE (a soft archive);
 * courses are trainings from its catalogue, assigned as learner_trainings.
 */
export function openEasyLlamaTarget(
  config: EasyLlamaTargetConfig,
  options: EasyLlamaTargetOptions = {},
): Target {
  const credentials = credentialsOf(config);
  const pace = options.pace ?? createTargetPace(options.retry ?? DEFAULT_RETRY_POLICY, options);
  const shared = {
    pace,
    baseUrl: config.api_url,
    urlField: "target.api_url",
    ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
    peer: "EasyLlama",
    mediaType: "application/json",
    timing: options,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry === undefined ? {} : { policy: options.retry }),
  };
  const tokens = createTokenSource(
    credentials,
    createHttpTarget({
      ...shared,
      authorization: () => Promise.resolve(undefined),
      credentialFields: "target.client_id and target.client_secret",
    }),
    options.now ?? Date.now,
  );
  const client = createLlamaClient(
    createHttpTarget({
      ...shared,
      authorization: () => tokens.authorization(),
      // An issued token may expire or be revoked mid-sync: fetch a new one once before calling it a config error.
      onUnauthorized: () => tokens.invalidate(),
      credentialFields:
        credentials.kind === "token" ? "target.api_token" : "target.client_id and target.client_secret",
    }),
  );
  return directoryTarget(
    () => loadDirectory(client),
    (plan, directory) =>
      applyLlamaPlan(
        plan,
        client,
        createLearnerWriter(client),
        directory,
        options.concurrency ?? WRITE_LANES,
      ),
  );
}
