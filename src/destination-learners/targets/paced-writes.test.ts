import { afterEach, describe, expect, it } from "vitest";
import { startEasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import type { EasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import { learner } from "../../../test/fixtures/learner.js";
import type { LimitChange } from "../../http/index.js";
import { createPace, DEFAULT_LIMIT_SETTINGS, systemClock } from "../../http/index.js";
import { syncTarget } from "../../../test/helpers/sync-target.js";
import { openEasyLlamaTarget } from "./easyllama.js";

// Real HTTP on loopback, real time: the emulator answers in 40 ms and serves 40 requests a second (a burst of
// 20), so the writer must find its pace. Assertions are on what the limiter did, never on how long it took.

describe("writes at the platform's pace (EasyLlama on loopback)", () => {
  let llama: EasyLlamaEmulator | undefined;
  afterEach(async () => {
    await llama?.close();
  });

  it("grows past its start while answers are fast, backs off on 429s, and writes every learner", async () => {
    llama = await startEasyLlamaEmulator({
      latencyMs: 40,
      rateLimit: { requestsPerSecond: 40, burst: 20 },
    });
    const trace: LimitChange[] = [];
    const pace = createPace({ clock: systemClock, onChange: (change) => trace.push(change) });
    const target = openEasyLlamaTarget(
      { type: "easyllama", api_url: llama.baseUrl, api_token: llama.apiTokens[0] ?? "" },
      { pace },
    );
    const desired = Array.from({ length: 48 }, (_, index) => learner(String(index + 1)));
    const result = await syncTarget(target, desired);
    await target.close();

    expect(result).toMatchObject({ created: 48, rejects: [] });
    expect(llama.learners.count()).toBe(48);
    expect(llama.requests().rateLimited).toBeGreaterThan(0);

    const grew = trace.findIndex((change) => change.reason === "grew");
    const backedOff = trace.findIndex((change) => change.reason === "rate_limited");
    expect(grew).toBeGreaterThanOrEqual(0);
    expect(trace[grew]?.to).toBeGreaterThan(DEFAULT_LIMIT_SETTINGS.initial);
    // It shrank after growing, by the factor (of a fractional limit) each time.
    expect(backedOff).toBeGreaterThan(grew);
    const decreases = trace.filter((change) => change.reason === "rate_limited");
    for (const { from, to } of decreases) {
      expect(to).toBeGreaterThanOrEqual(Math.max(1, Math.floor(from * DEFAULT_LIMIT_SETTINGS.backoff)));
      expect(to).toBeLessThanOrEqual(Math.max(1, Math.ceil((from + 1) * DEFAULT_LIMIT_SETTINGS.backoff)));
    }
    // A burst of 429s is one decrease, not one each.
    expect(decreases.length).toBeLessThan(llama.requests().rateLimited);
  });
});
