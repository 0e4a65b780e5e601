import { z } from "zod";

/**
 * How long every API answer takes, in ms: real SCIM and REST platforms answer in 100–400 ms, loopback in one, and
 * a client's concurrency only matters when answers take time. Admin routes never wait.
 */
export const latencySchema = z.number().int().min(0).max(60_000);

export const latencyBodySchema = z.object({ latencyMs: latencySchema }).strict();
