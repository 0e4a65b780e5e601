import { docsUrl, PROTOCOL_VERSION } from "../project.js";
import type { Source, SourceStream } from "../protocol/index.js";
import { connectionSpecification, describeStream, readCatalog } from "../protocol/index.js";
import { checkConnection } from "./check.js";
import { basicCredential } from "./client.js";
import { SOURCE_SPEC_GROUPS, SourceConfig } from "./config.js";
import { createRun, type HibobRun, type RunOptions } from "./run.js";
import { employeeFieldsStream } from "./streams/employee-fields.js";
import { employeesStream } from "./streams/employees.js";
import { employmentHistoryStream, lifecycleHistoryStream, workHistoryStream } from "./streams/history.js";
import { namedListsStream } from "./streams/named-lists.js";
import { timeOffChangesStream } from "./streams/time-off-changes.js";

export const sourceSpec = {
  documentationUrl: docsUrl("setup-hibob.md"),
  connectionSpecification: connectionSpecification(SourceConfig, "HiBob Source Spec", SOURCE_SPEC_GROUPS),
  supportsIncremental: true,
  protocol_version: PROTOCOL_VERSION,
};

export const STREAMS: readonly SourceStream<HibobRun>[] = [
  employeesStream,
  employeeFieldsStream,
  namedListsStream,
  workHistoryStream,
  employmentHistoryStream,
  lifecycleHistoryStream,
  timeOffChangesStream,
];

/** A check should answer in seconds: short timeouts, one retry (the console's Test connection runs the same). */
export const CHECK_RUN_OPTIONS: RunOptions = {
  timeoutMs: 30_000,
  backoff: { baseMs: 500, maxMs: 2_000, maxRetries: 1 },
};

/** The source; `options` reach every run's client (tests inject a resolver or turn pacing off). */
export function createSourceHibob(options: RunOptions = {}): Source<SourceConfig> {
  return {
    kind: "source",
    name: "source-hibob",
    spec: sourceSpec,
    config: SourceConfig,
    derivedSecrets: (config) => [basicCredential(config)],

    check: (config) => checkConnection(createRun(config, { ...options, ...CHECK_RUN_OPTIONS })),

    async discover(config) {
      const run = createRun(config, options);
      return { streams: await Promise.all(STREAMS.map((stream) => describeStream(stream, run))) };
    },

    read: (config, catalog, state, { emitter }) =>
      readCatalog(STREAMS, createRun(config, options), catalog, state, emitter),
  };
}

export const sourceHibob: Source<SourceConfig> = createSourceHibob();
