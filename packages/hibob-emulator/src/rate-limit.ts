// Per service user, per endpoint, per minute. Fixed one-minute windows aligned to the clock; the
// headers X-RateLimit-Limit / -Remaining / -Reset (Unix epoch seconds) go on every /v1 response.

export const ENDPOINTS = [
  "people.search",
  "people.read",
  "fields",
  "named-lists",
  "bulk",
  "people.tables",
  "timeoff.changes",
  "custom-tables",
] as const;

export type EndpointKey = (typeof ENDPOINTS)[number];

export function isEndpointKey(value: string): value is EndpointKey {
  return (ENDPOINTS as readonly string[]).includes(value);
}

/** Search 50 (DOC), custom tables, fields and named lists ~50; the undocumented ones are configurable. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<EndpointKey, number>> = {
  "people.search": 50,
  "people.read": 100,
  fields: 50,
  "named-lists": 50,
  bulk: 100,
  "people.tables": 100,
  "timeoff.changes": 100,
  "custom-tables": 50,
};

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  #limits: Record<EndpointKey, number>;
  #enabled: boolean;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limits: Partial<Record<EndpointKey, number>> | false, now: () => number) {
    this.#enabled = limits !== false;
    this.#limits = { ...DEFAULT_RATE_LIMITS, ...(limits === false ? {} : limits) };
    this.#now = now;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get limits(): Readonly<Record<EndpointKey, number>> {
    return this.#limits;
  }

  configure(enabled: boolean, limits: Partial<Record<EndpointKey, number>> = {}): void {
    this.#enabled = enabled;
    this.#limits = { ...this.#limits, ...limits };
    this.#windows.clear();
  }

  reset(): void {
    this.#windows.clear();
  }

  /**
   * Counts one request. When disabled (benchmarks) nothing is counted and no headers are sent, so a client that
   * paces itself from the headers runs at full speed.
   */
  take(credential: string, endpoint: EndpointKey): RateDecision {
    if (!this.#enabled) return { allowed: true, headers: {} };
    const now = this.#now();
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const key = `${endpoint} ${credential}`;
    let window = this.#windows.get(key);
    if (window?.start !== start) {
      window = { start, count: 0 };
      this.#windows.set(key, window);
    }
    const limit = this.#limits[endpoint];
    const allowed = window.count < limit;
    if (allowed) window.count++;
    return {
      allowed,
      headers: {
        "X-RateLimit-Limit": String(limit),
        "X-RateLimit-Remaining": String(Math.max(0, limit - window.count)),
        "X-RateLimit-Reset": String(Math.ceil((start + WINDOW_MS) / 1000)),
      },
    };
  }

  /** Headers for an exhausted window, used by injected 429 storms. */
  exhausted(endpoint: EndpointKey): Record<string, string> {
    const start = Math.floor(this.#now() / WINDOW_MS) * WINDOW_MS;
    return {
      "X-RateLimit-Limit": String(this.#limits[endpoint]),
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(Math.ceil((start + WINDOW_MS) / 1000)),
    };
  }
}
