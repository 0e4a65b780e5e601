import type { z } from "zod";
import type { Emitter } from "./emitter.js";
import type {
  AirbyteMessage,
  Catalog,
  ConfiguredCatalog,
  ConnectionStatus,
  ConnectorSpecification,
  DestinationCatalog,
} from "./messages.js";
import type { InputState } from "./state.js";

export interface ConnectorContext {
  readonly emitter: Emitter;
}

interface ConnectorBase<Config> {
  readonly name: string;
  readonly spec: ConnectorSpecification;
  /** The zod schema the spec's connectionSpecification was generated from. */
  readonly config: z.ZodType<Config>;
  /** Masks values derived from the config's secrets (e.g. a Basic auth header) as well as the secrets. */
  readonly derivedSecrets?: (config: Config) => readonly string[];
  /** SUCCEEDED or FAILED with an actionable message; a ConfigError thrown here also becomes FAILED. */
  check(config: Config, context: ConnectorContext): Promise<ConnectionStatus>;
}

export interface Source<Config> extends ConnectorBase<Config> {
  readonly kind: "source";
  discover(config: Config, context: ConnectorContext): Promise<Catalog>;
  /** Emits through `context.emitter`; the runner turns a throw into a TRACE ERROR. */
  read(
    config: Config,
    catalog: ConfiguredCatalog,
    state: InputState,
    context: ConnectorContext,
  ): Promise<void>;
}

export interface Destination<Config> extends ConnectorBase<Config> {
  readonly kind: "destination";
  discover?(config: Config, context: ConnectorContext): Promise<DestinationCatalog>;
  write(
    config: Config,
    catalog: ConfiguredCatalog,
    input: AsyncIterable<AirbyteMessage>,
    context: ConnectorContext,
  ): Promise<void>;
}

export type Connector<Config> = Source<Config> | Destination<Config>;
