import { z } from "zod";

/**
 * A fault schedule is data: an ordered list of faults, each hitting `count` matching requests. The first entry
 * that matches a request and has hits left decides; later entries wait their turn, so a list reads as a
 * timeline ("let 3 through, one 500, let 10 through, two resets").
 */
export const FAULT_KINDS = ["429", "500", "502", "503", "reset", "truncate", "slow"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSpecSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    /** How many matching requests this fault hits. */
    count: z.number().int().min(1),
    /** Let this many matching requests through untouched before the first hit. */
    after: z.number().int().min(0).optional(),
    /** Only requests whose path below the API base starts with this (e.g. "/Users", "/learners"). */
    path: z.string().startsWith("/").optional(),
    /** Only requests with this HTTP method (case-insensitive). */
    method: z.string().min(1).optional(),
    /** slow: how long to wait before answering normally. */
    delayMs: z.number().int().min(0).max(120_000).optional(),
    /** 429 and 503: the Retry-After header, in seconds (429 defaults to 1; 503 sends none unless set). */
    retryAfterSeconds: z.number().int().min(0).optional(),
    /**
     * reset: "before" drops the connection before the request is handled (nothing written); "after" handles it
     * and then drops the connection (written, answer lost). truncate always handles the request first.
     */
    phase: z.enum(["before", "after"]).optional(),
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export const faultScheduleSchema = z.array(faultSpecSchema);

export interface FaultTarget {
  readonly method: string;
  readonly path: string;
}

export interface FaultDraw {
  /** The fault to inject into this request, if any. */
  readonly fault: FaultSpec | undefined;
  /** The schedule left after this request. */
  readonly schedule: readonly FaultSpec[];
}

/** Accepts `[...]` or `{ "faults": [...] }`; throws a readable Error on anything else. */
export function parseFaultSchedule(input: unknown): FaultSpec[] {
  const list =
    typeof input === "object" && input !== null && !Array.isArray(input) && "faults" in input
      ? input.faults
      : input;
  const parsed = faultScheduleSchema.safeParse(list);
  if (!parsed.success) throw new Error(`invalid fault schedule: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function faultMatches(fault: FaultSpec, target: FaultTarget): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (fault.path !== undefined && !target.path.startsWith(fault.path)) return false;
  return true;
}

/** Pure: decides the fault for one request and returns the schedule that remains. */
export function drawFault(schedule: readonly FaultSpec[], target: FaultTarget): FaultDraw {
  const index = schedule.findIndex((fault) => faultMatches(fault, target));
  const fault = schedule[index];
  if (fault === undefined) return { fault: undefined, schedule };
  const rest = (replacement: FaultSpec | undefined): FaultSpec[] => [
    ...schedule.slice(0, index),
    ...(replacement === undefined ? [] : [replacement]),
    ...schedule.slice(index + 1),
  ];
  if (fault.after !== undefined && fault.after > 0) {
    return { fault: undefined, schedule: rest({ ...fault, after: fault.after - 1 }) };
  }
  const hit: FaultSpec = { ...fault };
  delete hit.after;
  return { fault: hit, schedule: rest(fault.count > 1 ? { ...hit, count: fault.count - 1 } : undefined) };
}
