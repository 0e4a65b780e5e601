import { describe, expect, it } from "vitest";
import { virtualClock } from "../../test/helpers/virtual-clock.js";
import type { LimitChange } from "./adaptive-limit.js";
import type { Exchange } from "./exchange.js";
import { createPace } from "./pace.js";

const answer = (status: number, headers: Record<string, string> = {}): Exchange<string> => ({
  kind: "answer",
  status,
  headers,
  response: "",
  detail: "",
});

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Sends that answer only when the test says so, counting how many are in flight. */
function peer() {
  const pending: ((exchange: Exchange<string>) => void)[] = [];
  let inFlight = 0;
  let most = 0;
  const send = () =>
    new Promise<Exchange<string>>((resolve) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      pending.push((exchange) => {
        inFlight -= 1;
        resolve(exchange);
      });
    });
  const answerNext = (exchange: Exchange<string>) => {
    const next = pending.shift();
    if (next === undefined) throw new Error("nothing in flight");
    next(exchange);
  };
  return { send, answerNext, inFlight: () => inFlight, most: () => most };
}

describe("pace", () => {
  it("keeps the allowance in flight, grows it on fast answers and halves the burst of 429s once", async () => {
    // Time moves 10 ms per answer, so each attempt has a send time before its answer.
    const clock = virtualClock(0);
    const changes: LimitChange[] = [];
    const pace = createPace({ clock, onChange: (change) => changes.push(change) });
    const server = peer();
    const answerNext = async (exchange: Exchange<string>) => {
      await clock.sleep(10);
      server.answerNext(exchange);
      await settle();
    };
    const attempts = Array.from({ length: 40 }, () => pace.attempt(server.send));
    await settle();
    expect(server.inFlight()).toBe(4);
    for (let i = 0; i < 12; i += 1) await answerNext(answer(201));
    expect(pace.allowance()).toBe(6);
    expect(server.inFlight()).toBe(6);
    for (let i = 0; i < 6; i += 1) await answerNext(answer(429, { "retry-after": "1" }));
    // Six 429s sent at the old limit: one decrease.
    expect(changes.map((change) => `${change.reason} ${change.from}→${change.to}`)).toEqual([
      "grew 4→5",
      "grew 5→6",
      "rate_limited 6→3",
    ]);
    while (server.inFlight() > 0) await answerNext(answer(201));
    await Promise.all(attempts);
    // In flight never passed the allowance (which near the end outgrew the attempts left).
    expect(server.most()).toBeLessThanOrEqual(Math.max(...changes.map((change) => change.to)));
  });

  it("holds every new send until a long Retry-After has nearly passed, with one shared sleep", async () => {
    const clock = virtualClock(0);
    const pace = createPace({ clock });
    const server = peer();
    const first = pace.attempt(server.send);
    await settle();
    server.answerNext(answer(429, { "retry-after": "30" }));
    await first;
    // The 429 took the allowance from 4 to 2; both slots wait out the hold together.
    const held = Array.from({ length: 3 }, () => pace.attempt(server.send));
    await settle();
    expect(clock.slept).toEqual([29_000]);
    expect(server.inFlight()).toBe(2);
    for (let i = 0; i < 3; i += 1) {
      server.answerNext(answer(200));
      await settle();
    }
    await Promise.all(held);
    expect(clock.slept).toEqual([29_000]);
  });

  it("frees the slot when a send throws, and learns nothing from it", async () => {
    const pace = createPace({ clock: virtualClock(0) });
    const refused = () => Promise.reject(new Error("plain http to another host"));
    await expect(Promise.all(Array.from({ length: 10 }, () => pace.attempt(refused)))).rejects.toThrow(
      "plain http",
    );
    expect(pace.allowance()).toBe(4);
    await expect(pace.attempt(() => Promise.resolve(answer(200)))).resolves.toMatchObject({ status: 200 });
  });
});
