export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runConnector, type CliIo } from "./cli.js";
export { parseCommandLine, usage, UsageError, type Command, type CommandName } from "./command-line.js";
export {
  credentialUrl,
  MIN_SECRET_LENGTH,
  parseConfig,
  parseConnectorConfig,
  secretString,
  unknownKeysProblem,
} from "./config.js";
export type { Connector, ConnectorContext, Destination, Source } from "./connector.js";
export { Emitter, type EmitterOptions } from "./emitter.js";
export { ConfigError, ConnectorError, errorTrace, SystemError, TransientError } from "./errors.js";
export { parseMessageLine, readMessages } from "./input.js";
export { main } from "./main.js";
export * from "./messages.js";
export { maskMessage } from "./mask-message.js";
export { MASK, Redactor, secretValues } from "./secrets.js";
export { connectionSpecification, type JsonSchema, type SpecGroup } from "./spec.js";
export {
  descriptorKey,
  emptyState,
  parseInputState,
  type InputState,
  type StreamStateBlob,
} from "./state.js";
export { NO_CURSOR_STATE, readCatalog } from "./read-catalog.js";
export { describeStream, type SourceStream, type StreamReadRequest } from "./source-stream.js";
export { CHECKPOINT_INTERVAL, StreamReporter } from "./stream-reporter.js";
export {
  isLoopbackAddress,
  loopbackOnlyLookup,
  PlainHttpRefusal,
  plainHttpRefusal,
  plainHttpTransport,
  urlProblem,
} from "./url-safety.js";
