/**
 * Runs `work` over `items` with at most `limit` in flight and resolves when all are done. The learner targets
 * pass as many lanes as the adaptive limit's ceiling (`WRITE_LANES`): lanes only keep work queued, the HTTP
 * edge's pace decides how many requests are really in flight. A rejection stops nothing already started and is
 * rethrown once all are settled: callers turn per-record failures into rejects themselves, so a throw here means
 * the target is unusable.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure !== undefined) throw failure.error;
}

/** Lanes per phase: enough queued work to fill the adaptive limit at its ceiling (`DEFAULT_LIMIT_SETTINGS.max`). */
export const WRITE_LANES = 32;
