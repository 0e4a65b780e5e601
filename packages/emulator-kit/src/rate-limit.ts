import { z } from "zod";

/**
 * A token bucket: `burst` tokens (default one second's worth), refilled at `requestsPerSecond`. Over any long
 * run at most R requests per second get through, which is what a benchmark's "achieved rate / R" compares to.
 */
export const rateLimitSchema = z
  .object({
    requestsPerSecond: z.number().positive(),
    burst: z.number().int().min(1).optional(),
  })
  .strict();

export type RateLimit = z.infer<typeof rateLimitSchema>;

export interface Bucket {
  readonly tokens: number;
  readonly updatedAt: number;
}

export type RateDecision =
  | { readonly allowed: true; readonly bucket: Bucket; readonly remaining: number }
  | { readonly allowed: false; readonly bucket: Bucket; readonly retryAfterMs: number };

export function bucketCapacity(limit: RateLimit): number {
  return limit.burst ?? Math.max(1, Math.floor(limit.requestsPerSecond));
}

/** Pure: refills the bucket up to `now` and takes one token if there is one. */
export function takeToken(limit: RateLimit, bucket: Bucket | undefined, now: number): RateDecision {
  const capacity = bucketCapacity(limit);
  const elapsedMs = bucket === undefined ? 0 : Math.max(0, now - bucket.updatedAt);
  const tokens = Math.min(
    capacity,
    (bucket?.tokens ?? capacity) + (elapsedMs * limit.requestsPerSecond) / 1000,
  );
  if (tokens >= 1) {
    return {
      allowed: true,
      bucket: { tokens: tokens - 1, updatedAt: now },
      remaining: Math.floor(tokens - 1),
    };
  }
  const retryAfterMs = Math.ceil(((1 - tokens) * 1000) / limit.requestsPerSecond);
  return { allowed: false, bucket: { tokens, updatedAt: now }, retryAfterMs };
}

/** Retry-After carries whole seconds (RFC 9110 delay-seconds); never advertise 0 for a request just refused. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
