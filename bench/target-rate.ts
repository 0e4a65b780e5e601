import { join } from "node:path";
import { startEasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { catalogOf } from "../test/helpers/read-source.js";
import { bin, writeJson } from "./lib/files.js";
import { measureNode } from "./lib/measured-process.js";
import { writeEmployeeMessages } from "./lib/messages.js";
import { probeRate } from "./lib/rate-probe.js";
import type { Row } from "./lib/result.js";
import { round } from "./lib/result.js";

const RATE_GOAL = 0.9;
/** The platform's request-rate limit (a token bucket, one second's burst, Retry-After in whole seconds). */
export const TARGET_RATE = 50;
/** How long the platform takes to answer: real SCIM and REST endpoints take 100–400 ms. */
export const ANSWER_MS = 150;

/** What both emulators give the bench: the handle it steers, and how the destination and a raw client call it. */
interface Peer {
  readonly label: string;
  readonly target: Record<string, unknown>;
  /** A cheap read a raw client can repeat, and its headers. */
  readonly probeUrl: string;
  readonly probeHeaders: Record<string, string>;
  setRateLimit(limit: { requestsPerSecond: number } | undefined): void;
  reset(): void;
  requests(): { readonly total: number; readonly rateLimited: number; readonly writes: number };
  held(): number;
  close(): Promise<void>;
}

async function scimPeer(): Promise<Peer> {
  const scim = await startScimEmulator({ latencyMs: ANSWER_MS });
  return {
    label: "SCIM",
    target: { type: "scim", base_url: scim.baseUrl, token: scim.token },
    probeUrl: `${scim.baseUrl}/Users?count=1`,
    probeHeaders: { authorization: `Bearer ${scim.token}` },
    setRateLimit: (limit) => {
      scim.setRateLimit(limit);
    },
    reset: () => {
      scim.reset();
    },
    requests: () => scim.requests(),
    held: () => scim.users.count(),
    close: () => scim.close(),
  };
}

async function easyLlamaPeer(): Promise<Peer> {
  const llama = await startEasyLlamaEmulator({ latencyMs: ANSWER_MS });
  return {
    label: "EasyLlama",
    target: {
      type: "easyllama",
      api_url: llama.baseUrl,
      client_id: llama.clientId,
      client_secret: llama.clientSecret,
    },
    probeUrl: `${llama.baseUrl}/trainings`,
    probeHeaders: { authorization: `Bearer ${llama.apiTokens[0] ?? ""}` },
    setRateLimit: (limit) => {
      llama.setRateLimit(limit);
    },
    reset: () => {
      llama.reset();
    },
    requests: () => llama.requests(),
    held: () => llama.learners.count(),
    close: () => llama.close(),
  };
}

/**
 * `learners` written by the built destination into a platform that answers in ANSWER_MS and serves TARGET_RATE
 * requests a second. Value: requests it accepted per second of the destination process (start-up, the directory
 * load and the write). Before that, a raw client measures the emulator itself at the same latency: with no limit
 * and 32 in flight (proof the emulator is not what bounds the row), and under the limit with 4 in flight, the
 * fixed number the targets used before the adaptive limit.
 */
export async function targetRateRow(dir: string, kind: "scim" | "easyllama", learners: number): Promise<Row> {
  const messages = join(dir, `${kind}-messages.jsonl`);
  await writeEmployeeMessages(messages, learners);
  const catalog = await writeJson(join(dir, "catalog.json"), catalogOf(["employees"], "incremental"));
  const peer = kind === "scim" ? await scimPeer() : await easyLlamaPeer();
  try {
    const ceiling = await probeRate(peer.probeUrl, peer.probeHeaders, 32, 3_000);
    peer.setRateLimit({ requestsPerSecond: TARGET_RATE });
    peer.reset();
    const fixedFour = await probeRate(peer.probeUrl, peer.probeHeaders, 4, 5_000);
    peer.reset(); // a full bucket and zeroed counters for the destination

    const config = await writeJson(join(dir, `${kind}.json`), { target: peer.target });
    const run = await measureNode(
      [bin("destination-learners"), "write", "--config", config, "--catalog", catalog],
      { count: '"type":"STATE"', stdinFile: messages },
    );
    const counts = peer.requests();
    const seconds = run.wallMs / 1000;
    const accepted = counts.total - counts.rateLimited;
    const rate = accepted / seconds;
    const held = peer.held();
    return {
      bench: "destination",
      name:
        `${peer.label} write ${learners.toLocaleString("en-US")} learners at R = ${TARGET_RATE} req/s ` +
        `with ${ANSWER_MS} ms answers, achieved rate / R`,
      value: round(rate, 1),
      unit: "req/s",
      baseline: TARGET_RATE,
      ratio: round(rate / TARGET_RATE),
      goal: `ratio ≥ ${RATE_GOAL}`,
      met: rate >= RATE_GOAL * TARGET_RATE && held === learners,
      note:
        `${accepted} calls accepted (${counts.writes} writes incl. refused ones, ${counts.rateLimited} answered 429) ` +
        `in ${round(seconds)} s of the destination process; ${held} learners held. The emulator at ${ANSWER_MS} ms ` +
        `serves ${Math.round(ceiling.accepted)} req/s to a raw client with 32 in flight and no limit; under the ` +
        `limit a raw client with 4 in flight (the old fixed concurrency) reaches ${round(fixedFour.accepted, 1)} ` +
        `req/s (${round(fixedFour.accepted / TARGET_RATE)} R)`,
    };
  } finally {
    await peer.close();
  }
}
