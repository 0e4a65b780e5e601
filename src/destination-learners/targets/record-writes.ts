import { AnswerRetriesExhausted } from "../../http/index.js";
import { TransientError } from "../../protocol/index.js";
import type { HttpAnswer, HttpRequest, HttpTarget } from "./http-target.js";
import { parseJsonBody } from "./json-body.js";

/** When per-record failures mean the target as a whole is unusable. */
export interface UsableLimits {
  /** Requests that failed after their retries before any write took effect: a server failing everything. */
  readonly beforeFirstSuccess: number;
  /** Requests that failed in a row after writes took effect: a server that went down mid-sync. */
  readonly inARow: number;
}

export const USABLE_LIMITS: UsableLimits = { beforeFirstSuccess: 5, inARow: 25 };

/**
 * Sends a request about one record. A peer that keeps answering 5xx (or 429) to it past the retries has refused
 * this record, not the sync: its last answer comes back for the caller to reject the record with the peer's own
 * words, and the sync goes on. Only when records keep failing that way (`limits`) is the target unusable, and
 * the transient error fails the sync; credentials refused, an unreachable peer and the like fail it at once.
 */
export function recordWrites(
  http: HttpTarget,
  limits: UsableLimits = USABLE_LIMITS,
): (request: HttpRequest) => Promise<HttpAnswer> {
  let wroteOne = false;
  let inARow = 0;
  return async (request) => {
    try {
      const answer = await http.send(request);
      // Only a write that took effect shows the target usable: reads and refusals say nothing of its writes.
      if (request.method !== "GET" && answer.status >= 200 && answer.status < 300) {
        wroteOne = true;
        inARow = 0;
      }
      return answer;
    } catch (error) {
      if (!(error instanceof AnswerRetriesExhausted)) throw error;
      inARow += 1;
      if (inARow >= (wroteOne ? limits.inARow : limits.beforeFirstSuccess)) {
        throw new TransientError(
          `${error.message} ${inARow} requests in a row failed this way${wroteOne ? "" : " and no write took effect"}: ` +
            "the target is unusable for now; the next sync will try again.",
          { cause: error },
        );
      }
      const body = typeof error.response === "string" ? parseJsonBody(error.response) : undefined;
      return { status: error.status, body };
    }
  };
}
