import type { StateMessage, StateStats } from "../protocol/index.js";
import { descriptorKey } from "../protocol/index.js";

/**
 * Records received and rejected per stream since that stream's last state: the `destinationStats` of the next
 * echo. A STREAM state takes its own stream's counts; a GLOBAL (or LEGACY) state covers every stream.
 */
export function stateCounts(): {
  received(stream: string): void;
  rejected(stream: string, count: number): void;
  take(state: StateMessage): Required<Pick<StateStats, "recordCount" | "rejectedRecordCount">>;
} {
  const received = new Map<string, number>();
  const rejected = new Map<string, number>();
  const bump = (counts: Map<string, number>, stream: string, by: number) =>
    counts.set(stream, (counts.get(stream) ?? 0) + by);
  return {
    received: (stream) => bump(received, stream, 1),
    rejected: (stream, count) => bump(rejected, stream, count),
    take(state) {
      const descriptor = state.type === "STREAM" ? state.stream?.stream_descriptor : undefined;
      const keys = descriptor === undefined ? [...received.keys()] : [descriptorKey(descriptor)];
      let total = 0;
      let refused = 0;
      for (const key of keys) {
        total += received.get(key) ?? 0;
        refused += rejected.get(key) ?? 0;
        received.delete(key);
        rejected.delete(key);
      }
      // Never more rejects than records: a target reporting a learner twice must not break the checksum.
      const rejectedRecordCount = Math.min(refused, total);
      return { recordCount: total - rejectedRecordCount, rejectedRecordCount };
    },
  };
}
