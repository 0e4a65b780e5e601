import type { Clock } from "@hibob-learners/emulator-kit";
import type { EasyLlamaStore } from "./store.js";

export interface EasyLlamaContext {
  readonly store: EasyLlamaStore;
  readonly clock: Clock;
  /** Records per page on every list endpoint (INF: EasyLlama's page size is undocumented). */
  readonly pageSize: number;
}

export function timestamp(context: EasyLlamaContext): string {
  return new Date(context.clock()).toISOString();
}
