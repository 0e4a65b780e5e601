/**
 * Runs `work` over `items` with at most `limit` in flight and resolves when all are done. One SCIM server takes a
 * few hundred writes a second; a handful in flight uses that without flooding it. A rejection stops nothing
 * already started and is rethrown once all are settled: callers turn per-record failures into rejects
 * themselves, so a throw here means the target is unusable.
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
