import { join } from "node:path";
import { requestTally, startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { catalogOf } from "../test/helpers/read-source.js";
import { startByteCounter } from "./lib/byte-counter.js";
import { bin, withTempDir, writeJson } from "./lib/files.js";
import { measureNode } from "./lib/measured-process.js";
import { writeEmployeeMessages } from "./lib/messages.js";
import type { Bench, Row } from "./lib/result.js";
import { round } from "./lib/result.js";

const WRITES_GOAL = { withCourse: 1.1, withoutCourse: 1.05 };
/** Bytes received per learner at four times the company may grow this much (the answers' own size varies). */
const FLAT_GOAL = 1.2;

interface FirstSync {
  readonly learners: number;
  readonly created: number;
  readonly writes: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** A first sync of `learners` employees (one manager per ten) into an empty SCIM server, through a byte counter. */
async function firstSync(dir: string, learners: number, courseRule: boolean): Promise<FirstSync> {
  const messages = join(dir, `first-sync-${learners}.jsonl`);
  await writeEmployeeMessages(messages, learners);
  const catalog = await writeJson(join(dir, "catalog.json"), catalogOf(["employees"], "incremental"));
  const scim = await startScimEmulator();
  const counter = await startByteCounter(new URL(scim.baseUrl).origin);
  try {
    const config = await writeJson(join(dir, `scim-${learners}-${String(courseRule)}.json`), {
      target: {
        type: "scim",
        base_url: `${counter.origin}${new URL(scim.baseUrl).pathname}`,
        token: scim.token,
      },
      course_rules: courseRule ? [{ course: "Onboarding", when: "new_learner" }] : [],
    });
    const run = await measureNode(
      [bin("destination-learners"), "write", "--config", config, "--catalog", catalog],
      {
        count: '"type":"STATE"',
        stdinFile: messages,
      },
    );
    return {
      learners,
      created: scim.users.count(),
      writes: requestTally(scim.requests()).writes,
      bytes: counter.received(),
      seconds: round(run.wallMs / 1000),
    };
  } finally {
    await counter.close();
    await scim.close();
  }
}

function writesRow(sync: FirstSync, courseRule: boolean): Row {
  const goal = courseRule ? WRITES_GOAL.withCourse : WRITES_GOAL.withoutCourse;
  const perLearner = sync.writes / sync.learners;
  return {
    bench: "first-sync",
    name: `SCIM first sync of ${sync.learners.toLocaleString("en-US")} learners with managers${courseRule ? " and one course rule" : ""}: write calls per learner`,
    value: round(perLearner, 3),
    unit: "calls/learner",
    goal: `≤ ${goal}`,
    met: perLearner <= goal && sync.created === sync.learners,
    note: `${sync.writes} writes for ${sync.created} users in ${sync.seconds} s; managers created before their reports`,
  };
}

function bytesRow(small: FirstSync, large: FirstSync): Row {
  const perSmall = small.bytes / small.learners;
  const perLarge = large.bytes / large.learners;
  return {
    bench: "first-sync",
    name: `SCIM first sync with one course rule: bytes received per learner at ${large.learners.toLocaleString("en-US")} learners vs ${small.learners.toLocaleString("en-US")}`,
    value: Math.round(perLarge),
    unit: "bytes/learner",
    baseline: Math.round(perSmall),
    ratio: round(perLarge / perSmall),
    goal: `ratio ≤ ${FLAT_GOAL} (flat as the company grows)`,
    met: perLarge <= FLAT_GOAL * perSmall && large.created === large.learners,
    note: `course members added many per PATCH with excludedAttributes=members; ${Math.round(large.bytes / 1024)} KiB in all`,
  };
}

/** Measurement: what a first sync costs a SCIM server, in write calls and bytes, as the company grows. */
export const firstSyncBench: Bench = {
  name: "first-sync",
  title: "SCIM first sync: write calls and bytes received per learner",
  run: (quick) =>
    withTempDir("first-sync", async (dir) => {
      const small = quick ? 250 : 1_000;
      const withoutCourse = await firstSync(dir, small, false);
      const withCourse = await firstSync(dir, small, true);
      const larger = await firstSync(dir, small * 4, true);
      return [writesRow(withoutCourse, false), writesRow(withCourse, true), bytesRow(withCourse, larger)];
    }),
};
