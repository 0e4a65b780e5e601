// Starting and stopping an emulator in-process.

import type { DayOptions, DaySummary } from "./day.js";
import { passDays } from "./day.js";
import type { ActiveFault, FaultRule } from "./faults.js";
import type { Company } from "./model.js";
import { listen } from "./server.js";
import type { EmulatorOptions, EmulatorState } from "./state.js";
import { createState } from "./state.js";

export interface HibobEmulator {
  /** e.g. `http://127.0.0.1:40123/v1`, the `api_url` of a source config. */
  baseUrl: string;
  /** e.g. `http://127.0.0.1:40123/_emulator`. */
  adminUrl: string;
  port: number;
  /** The live state (company, service users, limits, faults); mutate it only through the helpers or admin API. */
  state: EmulatorState;
  /** The current company (replaced by an admin reset). */
  readonly company: Company;
  /** "A day passes", in-process. */
  passDays(options?: DayOptions): DaySummary;
  addFault(rule: FaultRule): ActiveFault;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startHibobEmulator(options: EmulatorOptions = {}): Promise<HibobEmulator> {
  const state = createState(options);
  const host = options.host ?? "127.0.0.1";
  const server = await listen(state, options.port ?? 0, host);
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${String(server.port)}`;
  return {
    baseUrl: `${origin}/v1`,
    adminUrl: `${origin}/_emulator`,
    port: server.port,
    state,
    get company() {
      return state.company;
    },
    passDays: (dayOptions) => passDays(state.company, dayOptions),
    addFault: (rule) => state.faults.add(rule),
    clearFaults: () => {
      state.faults.clear();
    },
    close: () => server.close(),
  };
}
