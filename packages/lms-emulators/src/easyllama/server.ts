import { ADMIN_PREFIX } from "@hibob-learners/emulator-kit";
import { systemClock } from "@hibob-learners/emulator-kit";
import type { Clock } from "@hibob-learners/emulator-kit";
import { createControls, emulatorHandle, type EmulatorHandle } from "@hibob-learners/emulator-kit";
import type { FaultSpec } from "@hibob-learners/emulator-kit";
import type { RateLimit } from "@hibob-learners/emulator-kit";
import { startEmulatorServer } from "@hibob-learners/emulator-kit";
import { createTokenAuthority } from "./auth.js";
import { DEFAULT_TRAININGS } from "./catalog.js";
import type { EasyLlamaContext } from "./context.js";
import { easyLlamaError } from "./errors.js";
import { completeTraining } from "./learner-trainings.js";
import { createLearner } from "./learners.js";
import type { Learner, LearnerTraining, Location, Training } from "./model.js";
import { createEasyLlamaApi } from "./router.js";
import { createEasyLlamaStore } from "./store.js";

export interface EasyLlamaEmulatorOptions {
  /** OAuth client credentials (defaults "easyllama-client" / "easyllama-secret"). */
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Static API tokens accepted without the OAuth dance (default ["easyllama-api-token"]). */
  readonly apiTokens?: readonly string[] | undefined;
  /** Lifetime of issued access tokens (default 7200 s). */
  readonly tokenTtlSeconds?: number | undefined;
  /** Records per page on list endpoints (default 50). */
  readonly pageSize?: number | undefined;
  /** Course catalogue names; ids are assigned 1, 2, 3… in this order. */
  readonly trainings?: readonly string[] | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  /** Off unless given. */
  readonly rateLimit?: RateLimit | undefined;
  /** Every API answer takes this long (ms), as a real platform's does; 0 (the default) answers at once. */
  readonly latencyMs?: number | undefined;
  readonly faults?: readonly FaultSpec[] | undefined;
  readonly clock?: Clock | undefined;
}

/** Data handles beside the shared controls (faults, rate limit, counters, reset, close). */
export interface EasyLlamaEmulator extends EmulatorHandle {
  /** e.g. http://127.0.0.1:40123/api/v1 — the `api_url` a client is configured with. */
  readonly baseUrl: string;
  readonly adminUrl: string;
  /** The token endpoint, `${baseUrl}/oauth/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiTokens: readonly string[];
  readonly learners: {
    list(): readonly Learner[];
    get(id: number): Learner | undefined;
    byEmail(email: string): Learner | undefined;
    byExternalId(externalId: string): Learner | undefined;
    count(): number;
    /** Seeds a learner through the same validation as POST /learners (no request is counted). */
    add(input: Record<string, unknown>): Learner;
  };
  readonly learnerTrainings: {
    list(): readonly LearnerTraining[];
    /** Marks an assignment completed, as a learner finishing the course would. */
    complete(id: number): LearnerTraining;
  };
  readonly trainings: {
    list(): readonly Training[];
    add(name: string): Training;
    byName(name: string): Training | undefined;
  };
  readonly locations: { list(): readonly Location[] };
}

const BASE_PATH = "/api/v1";

export async function startEasyLlamaEmulator(
  options: EasyLlamaEmulatorOptions = {},
): Promise<EasyLlamaEmulator> {
  const clock = options.clock ?? systemClock;
  const store = createEasyLlamaStore();
  const catalogue = options.trainings ?? DEFAULT_TRAININGS;
  const seed = (): void => {
    for (const name of catalogue) store.addTraining(name);
  };
  seed();
  const credentials = {
    clientId: options.clientId ?? "easyllama-client",
    clientSecret: options.clientSecret ?? "easyllama-secret",
    apiTokens: options.apiTokens ?? ["easyllama-api-token"],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
  };
  const authority = createTokenAuthority(credentials, clock);
  const context: EasyLlamaContext = { store, clock, pageSize: options.pageSize ?? 50 };
  const controls = createControls({
    clock,
    rateLimit: options.rateLimit,
    latencyMs: options.latencyMs,
    faults: options.faults,
  });
  const resetData = (): void => {
    store.reset();
    authority.reset();
    seed();
  };
  const server = await startEmulatorServer({
    host: options.host,
    port: options.port,
    basePath: BASE_PATH,
    api: createEasyLlamaApi(context, authority),
    controls,
    admin: {
      snapshot: () => ({
        learners: store.learners(),
        learner_trainings: store.learnerTrainings(),
        trainings: store.trainings(),
        locations: store.locations(),
      }),
      resetData,
    },
    errorResponse: easyLlamaError,
  });
  const baseUrl = `${server.origin}${BASE_PATH}`;
  const learner = (id: number | undefined): Learner | undefined =>
    id === undefined ? undefined : store.learner(id);

  return {
    baseUrl,
    adminUrl: `${server.origin}${ADMIN_PREFIX}`,
    tokenUrl: `${baseUrl}/oauth/token`,
    ...credentials,
    learners: {
      list: () => store.learners(),
      get: (id) => store.learner(id),
      byEmail: (email) => learner(store.learnerIdByEmail(email)),
      byExternalId: (externalId) => learner(store.learnerIdByExternalId(externalId)),
      count: () => store.learners().length,
      add: (input) => createLearner(context, input),
    },
    learnerTrainings: {
      list: () => store.learnerTrainings(),
      complete: (id) => completeTraining(context, id),
    },
    trainings: {
      list: () => store.trainings(),
      add: (name) => store.addTraining(name),
      byName: (name) => store.trainings().find((training) => training.name === name),
    },
    locations: { list: () => store.locations() },
    ...emulatorHandle(controls, resetData, () => server.close()),
  };
}
