import type { Clock } from "../../src/http/index.js";

/** Virtual time: sleeping only moves the clock (and is recorded), so nothing really waits. */
export function virtualClock(start: number): Clock & { readonly slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}
