import { performance } from "node:perf_hooks";

export interface ProbedRate {
  /** 2xx answers per second. */
  readonly accepted: number;
  /** Other answers (429s) per second. */
  readonly refused: number;
}

/**
 * A raw client: `inFlight` lanes repeating one GET for `durationMs`, nothing else. What it gets is what the
 * peer serves at that concurrency, the ceiling any client holding that many in flight can reach.
 */
export async function probeRate(
  url: string,
  headers: Record<string, string>,
  inFlight: number,
  durationMs: number,
): Promise<ProbedRate> {
  const started = performance.now();
  let accepted = 0;
  let refused = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() - started < durationMs) {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.ok) accepted += 1;
      else refused += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { accepted: accepted / seconds, refused: refused / seconds };
}
