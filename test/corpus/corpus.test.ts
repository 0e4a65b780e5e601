import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import type { AirbyteMessage } from "../../src/protocol/messages.js";
import { EXPECTATIONS, type Expectation } from "./expectations.js";
import {
  CASES_DIR,
  caseFiles,
  EMULATOR_TOKEN,
  filesText,
  hasStackTrace,
  parseStdout,
  runCase,
  userTexts,
  type Run,
} from "./harness.js";

// Malformed inputs fed to the built bins (`npm run build` first): each must end in the clear error its
// expectation names, with only valid Airbyte messages on stdout, no stack trace for a person to read and no secret.

const KINDS = ["catalog", "destination-config", "runner", "source-config", "state", "stdin"];

let emulator: HibobEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startHibobEmulator({
    employees: 20,
    serviceUsers: [{ id: "corpus", token: EMULATOR_TOKEN, scope: { terminated: true } }],
    rateLimits: false,
  });
  dir = await mkdtemp(join(tmpdir(), "bad-input-corpus-"));
});

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const folderOf = (expectation: Expectation): string => join(dir, expectation.case.replace(/[^\w-]+/g, "_"));

/** What the expectation's outcome demands and the run did not do; empty when the case behaves. */
function outcomeProblems(expectation: Expectation, run: Run, messages: readonly AirbyteMessage[]): string[] {
  const problems: string[] = [];
  if (run.code !== expectation.exit) problems.push(`exit ${String(run.code)}, expected ${expectation.exit}`);
  const { outcome } = expectation;
  const seen = (texts: readonly string[]): string => (texts.length === 0 ? "none" : texts.join(" | "));
  switch (outcome.kind) {
    case "status-failed": {
      const statuses = messages.flatMap((m) => (m.type === "CONNECTION_STATUS" ? [m.connectionStatus] : []));
      const [status, ...more] = statuses;
      if (status === undefined || more.length > 0 || status.status !== "FAILED")
        problems.push(`expected one CONNECTION_STATUS FAILED, got ${JSON.stringify(statuses)}`);
      else if (!outcome.match.test(status.message ?? ""))
        problems.push(
          `status message ${JSON.stringify(status.message)} does not match ${String(outcome.match)}`,
        );
      const errors = messages.flatMap((m) => (m.type === "TRACE" && m.trace.type === "ERROR" ? [m] : []));
      if (errors.length > 0) problems.push(`check also wrote a TRACE ERROR: ${JSON.stringify(errors)}`);
      break;
    }
    case "trace-error": {
      const errors = messages.flatMap((m) =>
        m.type === "TRACE" && m.trace.type === "ERROR" && m.trace.error !== undefined ? [m.trace.error] : [],
      );
      const found = errors.some(
        (error) => error.failure_type === outcome.failureType && outcome.match.test(error.message),
      );
      if (!found)
        problems.push(
          `no TRACE ERROR ${outcome.failureType} matching ${String(outcome.match)}; got ` +
            seen(errors.map((error) => `${error.failure_type ?? "?"}: ${error.message}`)),
        );
      break;
    }
    case "log-warn": {
      const warnings = messages.flatMap((m) =>
        m.type === "LOG" && m.log.level === "WARN" ? [m.log.message] : [],
      );
      if (!warnings.some((text) => outcome.match.test(text)))
        problems.push(`no LOG WARN matching ${String(outcome.match)}; got ${seen(warnings)}`);
      break;
    }
    case "usage":
      if (run.stdout !== "") problems.push(`a usage error wrote on stdout: ${run.stdout.slice(0, 300)}`);
      if (!outcome.match.test(run.stderr))
        problems.push(`stderr does not match ${String(outcome.match)}: ${run.stderr.slice(0, 300)}`);
      break;
    case "report":
      if (!outcome.match.test(`${run.stdout}\n${run.stderr}`))
        problems.push(`the report does not match ${String(outcome.match)}: ${run.stdout}\n${run.stderr}`);
      break;
  }
  if (expectation.records !== undefined) {
    const records = messages.filter((m) => m.type === "RECORD").length;
    if (records !== expectation.records) problems.push(`${records} records, expected ${expectation.records}`);
  }
  if (expectation.committed !== undefined) {
    const committed = { recordCount: 0, rejectedRecordCount: 0 };
    for (const message of messages) {
      if (message.type !== "STATE") continue;
      committed.recordCount += message.state.destinationStats?.recordCount ?? 0;
      committed.rejectedRecordCount += message.state.destinationStats?.rejectedRecordCount ?? 0;
    }
    if (JSON.stringify(committed) !== JSON.stringify(expectation.committed))
      problems.push(
        `destinationStats ${JSON.stringify(committed)}, expected ${JSON.stringify(expectation.committed)}`,
      );
  }
  return problems;
}

describe("bad-input corpus", () => {
  it("has at least 30 cases, in every kind", async () => {
    const files = await caseFiles();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect([...new Set(files.map((file) => file.split("/")[0]))].sort()).toEqual(KINDS);
  });

  it("has an expectation for every case file and a case file for every expectation", async () => {
    const expected = EXPECTATIONS.map((expectation) => expectation.case);
    expect(new Set(expected).size, "a case file with two expectations").toBe(expected.length);
    expect([...expected].sort()).toEqual(await caseFiles());
  });

  it.concurrent.each(EXPECTATIONS.map((expectation) => ({ name: expectation.case, expectation })))(
    "$name",
    async ({ expectation }) => {
      const tmp = folderOf(expectation);
      const run = await runCase(expectation, { apiUrl: emulator.baseUrl, tmp });
      const connector = expectation.bin !== "hibob-learners";
      const { messages, invalid } = connector ? parseStdout(run.stdout) : { messages: [], invalid: [] };

      // Whatever the input, these hold: a gap is never an excuse to break the protocol or leak a secret.
      expect(invalid, "stdout lines that are not Airbyte messages").toEqual([]);
      const readable = connector ? [...userTexts(messages), run.stderr] : [run.stdout, run.stderr];
      expect(readable.filter(hasStackTrace), "a stack trace where a person reads").toEqual([]);
      const printed = `${run.stdout}\n${run.stderr}\n${await filesText(join(tmp, "state"))}`;
      expect(
        run.secrets.filter((secret) => printed.includes(secret)),
        "secrets printed",
      ).toEqual([]);

      expect(outcomeProblems(expectation, run, messages)).toEqual([]);
      const { afterwards } = expectation;
      if (afterwards !== undefined) {
        const text = await readFile(afterwards.file.replaceAll("{{TMP}}", tmp), "utf8");
        const caseText = await readFile(join(CASES_DIR, expectation.case), "utf8");
        expect(afterwards.problems(text, caseText)).toEqual([]);
      }
    },
  );
});
