import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProgressView } from "./progress-view.js";
import { runScheduleCommand, runSyncCommand } from "./sync-command.js";
import { runSync } from "./sync.js";

// The runner's own failures, met before a connector starts: nothing here spawns one.

let dir: string;
let sourceConfig: string;
let destinationConfig: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "runner-sync-"));
  sourceConfig = join(dir, "source.json");
  destinationConfig = join(dir, "destination.json");
  await writeFile(destinationConfig, JSON.stringify({ target: { type: "sqlite", path: join(dir, "l.db") } }));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io() {
  const text = { stdout: "", stderr: "" };
  const stream = (name: keyof typeof text) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text[name] += chunk.toString();
        done();
      },
    });
  return { text, io: { stdout: stream("stdout"), stderr: stream("stderr") } };
}

const quietView: ProgressView = { progress: () => undefined, log: () => undefined, end: () => undefined };

const source = (token: string) => ({
  service_user_id: "svc",
  service_user_token: token,
  api_url: "http://127.0.0.1:9/v1",
});

describe("a --state-dir that cannot hold the runner's files", () => {
  it.each([
    ["sync", [] as string[]],
    ["schedule", ["--cron", "0 17 * * *"]],
  ])("%s refuses a file before it starts, naming it, exit 2", async (command, extra) => {
    await writeFile(sourceConfig, JSON.stringify(source("token-7f3a9c2e")));
    const stateDir = join(dir, "state-file");
    await writeFile(stateDir, "a file where a folder should be");
    const { text, io: streams } = io();
    const argv = [
      ...extra,
      ...[
        "--source-config",
        sourceConfig,
        "--destination-config",
        destinationConfig,
        "--state-dir",
        stateDir,
      ],
    ];
    const run = command === "sync" ? runSyncCommand(argv, streams) : runScheduleCommand(argv, streams);
    expect(await run).toBe(2);
    expect(text.stdout).toBe("");
    expect(text.stderr).toBe(
      `hibob-learners ${command}: --state-dir '${stateDir}' is a file or lies under one, not a folder. ` +
        "Give --state-dir a folder (it is created when missing).\n",
    );
  });
});

describe("the report of a sync whose config holds a one-letter secret", () => {
  // A secret too short to be a credential is refused, not masked: masking "e" would garble the refusal itself.
  it("is whole: its keys and statuses untouched, the refusal naming the field in plain words", async () => {
    await writeFile(sourceConfig, JSON.stringify(source("e")));
    const stateDir = join(dir, "state");
    const { report, files } = await runSync({
      sourceConfig,
      destinationConfig,
      stateDir,
      connection: "c",
      view: quietView,
    });
    expect(report.status).toBe("failed");
    expect(report.failure).toMatchObject({
      origin: "runner",
      failure_type: "config_error",
      message: expect.stringContaining(
        "'service_user_token' is too short to be a real credential (fewer than 8 characters)",
      ),
    });
    const saved = JSON.parse(await readFile(files.json, "utf8")) as Record<string, unknown>;
    expect(Object.keys(saved)).toEqual(["title", "counts", ...Object.keys(report)]);
    expect(saved.title).toBe(`Sync c ${report.run_id}`);
    expect(saved.started_at).toBe(report.started_at);
  });
});
