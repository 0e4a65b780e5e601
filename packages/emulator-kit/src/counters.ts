/**
 * Request counters a benchmark reads as "write calls made". Every request that reaches the API surface is
 * counted, including ones answered by a fault or the rate limit (a client's retry is a second call).
 */
export interface RequestCounts {
  readonly total: number;
  /** POST + PUT + PATCH + DELETE. */
  readonly writes: number;
  readonly byMethod: Readonly<Record<string, number>>;
  /** Keyed "METHOD /path" with id segments folded to ":id", e.g. "PATCH /Users/:id". */
  readonly byRoute: Readonly<Record<string, number>>;
  /** Answered 429 by the rate limit (not by a scheduled "429" fault). */
  readonly rateLimited: number;
  /** Requests a scheduled fault touched (slow ones included). */
  readonly faulted: number;
}

export interface RequestCounter {
  record(method: string, path: string): void;
  recordRateLimited(): void;
  recordFaulted(): void;
  snapshot(): RequestCounts;
  reset(): void;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Pure: "/learners/12/learner_trainings/7" → "/learners/:id/learner_trainings/:id". */
export function routeKey(method: string, path: string): string {
  const folded = path
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? ":id" : segment))
    .join("/");
  return `${method.toUpperCase()} ${folded}`;
}

export function createRequestCounter(): RequestCounter {
  let counts = empty();
  return {
    record(method, path) {
      const verb = method.toUpperCase();
      const route = routeKey(verb, path);
      counts = {
        ...counts,
        total: counts.total + 1,
        writes: counts.writes + (WRITE_METHODS.has(verb) ? 1 : 0),
        byMethod: { ...counts.byMethod, [verb]: (counts.byMethod[verb] ?? 0) + 1 },
        byRoute: { ...counts.byRoute, [route]: (counts.byRoute[route] ?? 0) + 1 },
      };
    },
    recordRateLimited() {
      counts = { ...counts, rateLimited: counts.rateLimited + 1 };
    },
    recordFaulted() {
      counts = { ...counts, faulted: counts.faulted + 1 };
    },
    snapshot: () => counts,
    reset() {
      counts = empty();
    },
  };
}

function empty(): RequestCounts {
  return { total: 0, writes: 0, byMethod: {}, byRoute: {}, rateLimited: 0, faulted: 0 };
}
