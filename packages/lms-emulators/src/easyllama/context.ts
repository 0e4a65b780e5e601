import type { Clock } from "../shared/clock.js";
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
