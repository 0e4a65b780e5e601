import type { StreamReporter } from "../protocol/index.js";
import { type BobApi, type ClientOptions, HibobClient } from "./client.js";
import type { SourceConfig } from "./config.js";
import { FieldMetadataList, type FieldMetadata } from "./field-metadata.js";

/** What one `discover` or `read` shares between streams: the config, one paced client, Bob's field metadata. */
export interface HibobRun {
  readonly config: SourceConfig;
  /** Bob's API; rate-limit waits are reported as RUNNING / RATE_LIMITED on `out`'s stream. */
  api(out?: StreamReporter): BobApi;
  /** `GET /company/people/fields`, fetched once per run. */
  fieldMetadata(): Promise<readonly FieldMetadata[]>;
  /** Epoch ms; injected so cursors and deletion times are testable. */
  now(): number;
  /** The client's ceiling of requests per endpoint and minute; 0 when pacing is off. */
  readonly requestsPerMinute: number;
}

export interface RunOptions extends ClientOptions {
  readonly now?: () => number;
}

export function createRun(config: SourceConfig, options: RunOptions = {}): HibobRun {
  const requestsPerMinute = options.requestsPerMinute ?? config.requests_per_minute;
  const client = new HibobClient(config, { ...options, requestsPerMinute });
  let metadata: Promise<readonly FieldMetadata[]> | undefined;
  return {
    config,
    api: (out) =>
      out === undefined ? client : client.reportingTo((resetAtMs) => out.rateLimited(resetAtMs)),
    fieldMetadata: () =>
      (metadata ??= client
        .get<unknown>("/company/people/fields")
        .then((body) => FieldMetadataList.parse(body))),
    now: options.now ?? Date.now,
    requestsPerMinute,
  };
}
