import type { RequestCounts } from "@hibob-learners/emulator-kit";

export interface ReadsAndWrites {
  /** GET and HEAD. */
  readonly reads: number;
  /** POST, PUT, PATCH and DELETE. */
  readonly writes: number;
}

export interface RequestTally extends ReadsAndWrites {
  /** Per first path segment below the base path: "Users", "Groups", "ServiceProviderConfig"… */
  readonly byCollection: Readonly<Record<string, ReadsAndWrites>>;
}

const READS = new Set(["GET", "HEAD"]);
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Reads versus writes from the shared counters (`scim.requests()`), so a test can say "the second sync made no
 * write" or "one PATCH per group, not one per member" without summing byRoute keys by hand.
 */
export function requestTally(counts: RequestCounts): RequestTally {
  const byCollection: Record<string, { reads: number; writes: number }> = {};
  let reads = 0;
  let writes = 0;
  for (const [route, count] of Object.entries(counts.byRoute)) {
    const [method = "", path = ""] = route.split(" ");
    const collection = path.split("/").find((segment) => segment !== "") ?? "";
    const entry = (byCollection[collection] ??= { reads: 0, writes: 0 });
    if (READS.has(method)) {
      reads += count;
      entry.reads += count;
    } else if (WRITES.has(method)) {
      writes += count;
      entry.writes += count;
    }
  }
  return { reads, writes, byCollection };
}
