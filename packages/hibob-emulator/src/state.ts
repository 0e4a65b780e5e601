// Everything a running emulator holds, and the options that create it.

import type { FaultRule } from "./faults.js";
import { FaultPlan } from "./faults.js";
import type { FirewallOptions } from "./firewall.js";
import { Firewall } from "./firewall.js";
import { generateCompany } from "./generator.js";
import type { DeliveryStats } from "./http.js";
import type { Company } from "./model.js";
import type { ServiceUser, ServiceUserOptions } from "./permissions.js";
import { resolveServiceUser } from "./permissions.js";
import type { EndpointKey } from "./rate-limit.js";
import { RateLimiter } from "./rate-limit.js";
import { isIsoDate, toIsoDate } from "./dates.js";

export interface EmulatorOptions {
  /** 0 picks a free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 to 200,000; default 100. */
  employees?: number;
  /** Default 42. */
  seed?: number;
  /** Business date `YYYY-MM-DD`; default today (UTC). The company is a function of (seed, employees, today). */
  today?: string;
  /** Default: one service user `emulator` / `emulator-token` with every permission and the default scope. */
  serviceUsers?: readonly ServiceUserOptions[];
  /** Per-endpoint limits per minute; `false` turns rate limiting (and its headers) off for benchmarks. */
  rateLimits?: Partial<Record<EndpointKey, number>> | false;
  /** WAF thresholds; `false` turns the firewall off. */
  firewall?: Partial<FirewallOptions> | false;
  /** Faults active from the start. */
  faults?: readonly FaultRule[];
  /** The clock for rate-limit windows, the firewall and the time-of-day; inject it to test without sleeping. */
  now?: () => number;
}

export const DEFAULT_SERVICE_USER: ServiceUserOptions = { id: "emulator", token: "emulator-token" };

export interface EmulatorState {
  company: Company;
  readonly generation: { seed: number; employees: number; today: string };
  readonly users: Map<string, ServiceUser>;
  readonly rateLimiter: RateLimiter;
  readonly firewall: Firewall | null;
  readonly faults: FaultPlan;
  readonly now: () => number;
  readonly stats: DeliveryStats & { requests: number; generationMs: number };
  requestSeq: number;
  adminSeq: number;
}

export function createState(options: EmulatorOptions): EmulatorState {
  const now = options.now ?? Date.now;
  const today = options.today ?? toIsoDate(now());
  if (!isIsoDate(today)) throw new RangeError(`today must be a YYYY-MM-DD date, got ${today}`);
  const generation = { seed: options.seed ?? 42, employees: options.employees ?? 100, today };
  const started = performance.now();
  const company = generateCompany(generation);
  const generationMs = performance.now() - started;
  const users = new Map<string, ServiceUser>();
  for (const u of options.serviceUsers ?? [DEFAULT_SERVICE_USER]) users.set(u.id, resolveServiceUser(u));
  const faults = new FaultPlan(generation.seed);
  for (const rule of options.faults ?? []) faults.add(rule);
  return {
    company,
    generation,
    users,
    rateLimiter: new RateLimiter(options.rateLimits ?? {}, now),
    firewall: options.firewall === false ? null : new Firewall(options.firewall ?? {}, now),
    faults,
    now,
    stats: { requests: 0, generationMs, maxBufferedBytes: 0, streamedResponses: 0 },
    requestSeq: 0,
    adminSeq: 0,
  };
}
