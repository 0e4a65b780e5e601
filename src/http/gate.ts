/**
 * A first-come first-served semaphore whose size can change while requests wait: the adaptive limit resizes it
 * after every answer. Shrinking never interrupts what is in flight; it only lets fewer through next.
 */
export interface Gate {
  /** Resolves when a slot is free; the caller must `release()` it exactly once. */
  acquire(): Promise<void>;
  release(): void;
  resize(size: number): void;
  inFlight(): number;
  waiting(): number;
}

export function createGate(initialSize: number): Gate {
  let size = initialSize;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const admit = (): void => {
    while (inFlight < size) {
      const next = waiting.shift();
      if (next === undefined) return;
      inFlight += 1;
      next();
    }
  };
  return {
    acquire() {
      if (inFlight < size && waiting.length === 0) {
        inFlight += 1;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        waiting.push(resolve);
      });
    },
    release() {
      inFlight -= 1;
      admit();
    },
    resize(next) {
      size = Math.max(1, next);
      admit();
    },
    inFlight: () => inFlight,
    waiting: () => waiting.length,
  };
}
