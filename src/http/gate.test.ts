import { describe, expect, it } from "vitest";
import { createGate } from "./gate.js";

/** Lets every settled promise run its continuations. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("gate", () => {
  it("lets `size` through, queues the rest first come first served, and follows a resize", async () => {
    const gate = createGate(2);
    const order: number[] = [];
    const entries = [1, 2, 3, 4, 5].map((n) =>
      gate.acquire().then(() => {
        order.push(n);
      }),
    );
    await settle();
    expect(order).toEqual([1, 2]);
    expect([gate.inFlight(), gate.waiting()]).toEqual([2, 3]);

    gate.release();
    await settle();
    expect(order).toEqual([1, 2, 3]);

    gate.resize(4); // grows: two more at once
    await settle();
    expect(order).toEqual([1, 2, 3, 4, 5]);

    gate.resize(1); // shrinks: nothing in flight is touched, the next waits until only 0 remain
    expect(gate.inFlight()).toBe(4);
    const late = gate.acquire().then(() => order.push(6));
    for (let i = 0; i < 3; i += 1) gate.release();
    await settle();
    expect(order).not.toContain(6);
    gate.release();
    await Promise.all([...entries, late]);
    expect(order).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("never shrinks below one slot", async () => {
    const gate = createGate(3);
    gate.resize(0);
    await gate.acquire();
    expect(gate.inFlight()).toBe(1);
  });
});
