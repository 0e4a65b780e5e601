// Bob's WAF: within 10 s, 50 answers of 401 from one IP block that IP, 50 answers of 401 or of 403
// for one Authorization value block that value, each for 5 minutes. Blocked requests never reach the API.

export interface FirewallOptions {
  threshold: number;
  windowMs: number;
  blockMs: number;
}

export const DEFAULT_FIREWALL: FirewallOptions = { threshold: 50, windowMs: 10_000, blockMs: 300_000 };

export interface Block {
  key: string;
  until: number;
}

export class Firewall {
  readonly options: FirewallOptions;
  readonly #now: () => number;
  readonly #events = new Map<string, number[]>();
  readonly #blocked = new Map<string, number>();

  constructor(options: Partial<FirewallOptions>, now: () => number) {
    this.options = { ...DEFAULT_FIREWALL, ...options };
    this.#now = now;
  }

  isBlocked(ip: string, authorization: string): boolean {
    const now = this.#now();
    return [`ip ${ip}`, `auth ${authorization}`].some((key) => {
      const until = this.#blocked.get(key);
      if (until === undefined) return false;
      if (until > now) return true;
      this.#blocked.delete(key);
      return false;
    });
  }

  /** Counts a response; a 401 counts for the IP and the header, a 403 for the header only. */
  record(status: number, ip: string, authorization: string): void {
    if (status === 401) {
      this.#count(`401 ip ${ip}`, `ip ${ip}`);
      this.#count(`401 auth ${authorization}`, `auth ${authorization}`);
    } else if (status === 403) {
      this.#count(`403 auth ${authorization}`, `auth ${authorization}`);
    }
  }

  blocks(): Block[] {
    const now = this.#now();
    return [...this.#blocked].filter(([, until]) => until > now).map(([key, until]) => ({ key, until }));
  }

  reset(): void {
    this.#events.clear();
    this.#blocked.clear();
  }

  #count(counter: string, blockKey: string): void {
    const now = this.#now();
    const since = now - this.options.windowMs;
    const events = (this.#events.get(counter) ?? []).filter((t) => t > since);
    events.push(now);
    if (events.length >= this.options.threshold) {
      this.#blocked.set(blockKey, now + this.options.blockMs);
      this.#events.delete(counter);
      return;
    }
    this.#events.set(counter, events);
  }
}
