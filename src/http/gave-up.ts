import { TransientError } from "../protocol/index.js";

/**
 * The retries of a request ran out while the peer kept answering (5xx, 408, or 429s past their budget): unlike a
 * peer that cannot be reached, it said something about this one request. A learner target rejects the record
 * with `status` and the answer's `response`; an edge with nothing per record to reject (Bob) lets it fail the
 * sync as the transient error it is.
 */
export class AnswerRetriesExhausted<R = unknown> extends TransientError {
  readonly status: number;
  readonly response: R;

  constructor(message: string, status: number, response: R, options: { cause?: unknown } = {}) {
    super(message, options);
    this.status = status;
    this.response = response;
  }
}
