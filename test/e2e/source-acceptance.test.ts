import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import {
  ConfiguredCatalog,
  type AirbyteMessage,
  type AirbyteStream,
  StateMessage,
} from "../../src/protocol/index.js";
import {
  ACCEPTANCE_COMPANY,
  acceptancePath,
  checkpointsOf,
  cursorAndKeyProblems,
  errorTraces,
  FAILURE_CATALOG,
  fullRefreshCatalog,
  ignoredPaths,
  lastStates,
  loadAcceptanceConfig,
  missingExpectedRecords,
  parseProtocolOutput,
  readExpectedRecords,
  readJsonFile,
  recordCounts,
  recordProblems,
  recordSet,
  recordsIn,
  sameSet,
  sample,
  singleStream,
  stateProblems,
  statesIn,
  streamSchemaProblems,
  streamStatusProblems,
  withApiUrl,
  type AcceptanceConfig,
} from "../helpers/acceptance.js";
import { specViolations } from "../helpers/spec-rules.js";
import { REPO_ROOT, runBin, runProcess, type Finished } from "../helpers/spawn.js";

// The connector acceptance test (CAT) for source-hibob, replayed in TypeScript: the built bin (`npm run build`
// first), the files of integration_tests/source-hibob as acceptance-test-config.yml names them, and an in-process
// HiBob emulator holding the fixed company those files were generated from (`npm run acceptance-files`).

interface Run extends Finished {
  readonly args: readonly string[];
  readonly messages: AirbyteMessage[];
  /** stdout lines that are not valid AirbyteMessages. */
  readonly problems: string[];
}

const MAX_SLICES = 5;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let dir: string;
let emulator: HibobEmulator;
let cat: AcceptanceConfig["acceptance_tests"];
const runs: Run[] = [];
let files = 0;

async function tempFile(content: unknown): Promise<string> {
  files += 1;
  const path = join(dir, `file-${files}.json`);
  await writeFile(path, JSON.stringify(content));
  return path;
}

async function source(args: readonly string[]): Promise<Run> {
  const result = await runBin("source-hibob", args);
  const run = { ...result, args, ...parseProtocolOutput(result.stdout) };
  runs.push(run);
  return run;
}

/** A config file of the acceptance folder, pointed at this suite's emulator. */
async function config(relative: string): Promise<string> {
  return tempFile(withApiUrl(await readJsonFile(acceptancePath(relative)), emulator.baseUrl));
}

function read(configPath: string, catalog: string, state?: string): Promise<Run> {
  return source([
    "read",
    "--config",
    configPath,
    "--catalog",
    catalog,
    ...(state === undefined ? [] : ["--state", state]),
  ]);
}

/** The value of a test's lazily started run, shared by the tests that assert on it. */
function once<T>(start: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= start());
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  const [item] = items;
  if (item === undefined) throw new Error("unreachable: checked above");
  return item;
}

function first<T>(items: readonly T[] | undefined, what: string): T {
  const item = items?.[0];
  if (item === undefined) throw new Error(`acceptance-test-config.yml has no ${what} test`);
  return item;
}

beforeAll(async () => {
  // `npm test` builds first; a bare `vitest run` on a fresh checkout has no bin to spawn yet.
  if (!existsSync(join(REPO_ROOT, "dist/bin/source-hibob.js"))) {
    const build = await runProcess("npm", ["run", "build"]);
    if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  }
  dir = await mkdtemp(join(tmpdir(), "source-acceptance-"));
  emulator = await startHibobEmulator(ACCEPTANCE_COMPANY);
  cat = (await loadAcceptanceConfig()).acceptance_tests;
}, 120_000);

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const discovery = once(async () =>
  source(["discover", "--config", await config(first(cat.discovery.tests, "discovery").config_path)]),
);

async function discoveredStreams(): Promise<AirbyteStream[]> {
  const run = await discovery();
  return run.messages.flatMap((m) => (m.type === "CATALOG" ? m.catalog.streams : []));
}

describe("spec", () => {
  const spec = once(() => source(["spec"]));
  const specTest = () => first(cat.spec.tests, "spec");

  it("prints spec_path as the one SPEC message", async () => {
    const run = await spec();
    expect(run.code).toBe(0);
    const message = only(run.messages);
    expect(message.type === "SPEC" && message.spec).toEqual(
      await readJsonFile(acceptancePath(specTest().spec_path)),
    );
  });

  it("the config validates against connectionSpecification (draft-07)", async () => {
    const message = only((await spec()).messages);
    if (message.type !== "SPEC") throw new Error(`expected SPEC, got ${message.type}`);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(message.spec.connectionSpecification);
    const sample = withApiUrl(await readJsonFile(acceptancePath(specTest().config_path)), emulator.baseUrl);
    // The CAT drops keys starting with `_` (comments) before validating.
    const values = Object.fromEntries(Object.entries(sample).filter(([key]) => !key.startsWith("_")));
    expect(validate(values) ? [] : validate.errors).toEqual([]);
  });

  it("connectionSpecification follows the spec rules", async () => {
    const message = only((await spec()).messages);
    expect(message.type === "SPEC" && specViolations(message.spec.connectionSpecification)).toEqual([]);
  });
});

describe("connection", () => {
  it("answers each config with exactly one CONNECTION_STATUS of the expected status, exit 0", async () => {
    const checks = await Promise.all(
      cat.connection.tests.map(async (test) => ({
        test,
        run: await source(["check", "--config", await config(test.config_path)]),
      })),
    );
    expect(checks.map(({ test }) => test.status).sort()).toEqual(["failed", "succeed"]);
    for (const { test, run } of checks) {
      expect(run.code, test.config_path).toBe(0);
      const statuses = run.messages.flatMap((m) =>
        m.type === "CONNECTION_STATUS" ? [m.connectionStatus.status] : [],
      );
      expect(statuses, test.config_path).toEqual([test.status === "succeed" ? "SUCCEEDED" : "FAILED"]);
    }
  });
});

describe("discovery", () => {
  it("emits exactly one CATALOG with streams of unique names and sync modes", async () => {
    const run = await discovery();
    expect(run.code).toBe(0);
    only(run.messages.filter((m) => m.type === "CATALOG"));
    const streams = await discoveredStreams();
    expect(streams.length).toBeGreaterThan(0);
    expect(new Set(streams.map((s) => s.name)).size).toBe(streams.length);
    for (const stream of streams) expect(stream.supported_sync_modes.length, stream.name).toBeGreaterThan(0);
  });

  it("stream schemas are draft-07, without $ref/allOf/not, and open (additionalProperties true)", async () => {
    expect((await discoveredStreams()).flatMap(streamSchemaProblems)).toEqual([]);
  });

  it("default cursor fields and primary keys exist in the schemas; keys are scalars", async () => {
    expect((await discoveredStreams()).flatMap(cursorAndKeyProblems)).toEqual([]);
  });

  it("the configured catalogs name discovered streams with their keys, cursors and sync modes", async () => {
    const discovered = new Map((await discoveredStreams()).map((s) => [s.name, s]));
    const full = first(cat.full_refresh.tests, "full_refresh");
    const incremental = first(cat.incremental.tests, "incremental");
    const catalogs = await Promise.all(
      [full.configured_catalog_path, incremental.configured_catalog_path].map(async (path) =>
        ConfiguredCatalog.parse(await readJsonFile(acceptancePath(path))),
      ),
    );
    const [fullCatalog, incrementalCatalog] = catalogs;
    expect(fullCatalog?.streams.map((s) => s.stream.name)).toEqual([...discovered.keys()]);
    expect(incrementalCatalog?.streams.map((s) => s.stream.name)).toEqual(
      [...discovered.values()]
        .filter((s) => s.supported_sync_modes.includes("incremental"))
        .map((s) => s.name),
    );
    for (const configured of catalogs.flatMap((c) => c.streams)) {
      const stream = discovered.get(configured.stream.name);
      expect(stream?.supported_sync_modes, configured.stream.name).toContain(configured.sync_mode);
      expect(configured.stream.source_defined_primary_key).toEqual(stream?.source_defined_primary_key);
      expect(configured.stream.default_cursor_field).toEqual(stream?.default_cursor_field);
      if (configured.sync_mode === "incremental")
        expect(configured.cursor_field).toEqual(stream?.default_cursor_field);
    }
  });
});

describe("basic_read (the discovered catalog)", () => {
  const test = () => first(cat.basic_read.tests, "basic_read");
  const basicRead = once(async () =>
    read(await config(test().config_path), await tempFile(fullRefreshCatalog(await discoveredStreams()))),
  );

  it("has no custom catalog: high strictness reads the discovered one", () => {
    expect(test().configured_catalog_path).toBeUndefined();
  });

  it("exits 0 with records from every stream not listed in empty_streams", async () => {
    const run = await basicRead();
    expect(run.code).toBe(0);
    const counts = recordCounts(recordsIn(run.messages));
    const empty = new Set((test().empty_streams ?? []).map((s) => s.name));
    const streams = (await discoveredStreams()).map((s) => s.name);
    expect(streams.filter((name) => !empty.has(name) && (counts.get(name) ?? 0) === 0)).toEqual([]);
  });

  it("records validate against their schema (strict integers), add no columns, and have scalar keys", async () => {
    const records = recordsIn((await basicRead()).messages);
    expect(records.length).toBeGreaterThan(0);
    expect(recordProblems(records, await discoveredStreams())).toEqual([]);
  });

  it("every expected record is read, equal but for ignored_fields", async () => {
    const expected = await readExpectedRecords(acceptancePath(test().expect_records.path));
    const empty = new Set((test().empty_streams ?? []).map((s) => s.name));
    const covered = new Set(expected.map((r) => r.stream));
    const streams = (await discoveredStreams()).map((s) => s.name);
    expect(streams.filter((name) => !empty.has(name) && !covered.has(name))).toEqual([]);
    const problems = missingExpectedRecords(
      expected,
      recordsIn((await basicRead()).messages),
      await discoveredStreams(),
      ignoredPaths(test().ignored_fields),
    );
    expect(problems).toEqual([]);
  });

  it("each stream goes STARTED → RUNNING… → COMPLETE", async () => {
    const streams = (await discoveredStreams()).map((s) => s.name);
    expect(streamStatusProblems((await basicRead()).messages, streams)).toEqual([]);
  });

  it("emits at least one STREAM state per stream, each with sourceStats", async () => {
    expect(stateProblems((await basicRead()).messages, (await discoveredStreams()).length)).toEqual([]);
  });

  it("fails loudly on a stream that does not exist with an invalid sync mode", async () => {
    const run = await read(await config(test().config_path), await tempFile(FAILURE_CATALOG));
    expect(run.code).not.toBe(0);
    expect(errorTraces(run.messages).length).toBeGreaterThan(0);
  });
});

describe("full_refresh", () => {
  const test = () => first(cat.full_refresh.tests, "full_refresh");

  it("a second read stamps every record later and repeats every record of the first", async () => {
    const configPath = await config(test().config_path);
    const catalog = acceptancePath(test().configured_catalog_path);
    // Sequential on purpose: the check is that read 2's records are all stamped after read 1's.
    const first = await read(configPath, catalog);
    const second = await read(configPath, catalog);
    expect([first.code, second.code]).toEqual([0, 0]);
    const [records1, records2] = [recordsIn(first.messages), recordsIn(second.messages)];
    expect(records1.length).toBeGreaterThan(0);
    const latest1 = Math.max(...records1.map((r) => r.emitted_at));
    const earliest2 = Math.min(...records2.map((r) => r.emitted_at));
    expect(latest1).toBeLessThan(earliest2);
    const ignored = ignoredPaths(test().ignored_fields);
    const set2 = recordSet(records2, ignored);
    expect([...recordSet(records1, ignored)].filter((r) => !set2.has(r))).toEqual([]);
  });
});

describe("incremental", () => {
  const test = () => first(cat.incremental.tests, "incremental");
  const catalogPath = () => acceptancePath(test().configured_catalog_path);
  // Reads compare without the values that change every sync, so "other records" means other data.
  const ignored = () => ignoredPaths(first(cat.basic_read.tests, "basic_read").ignored_fields);
  const configPath = once(() => config(test().config_path));
  const firstRead = once(async () => read(await configPath(), catalogPath()));
  const stateFile = (states: readonly StateMessage[]) => tempFile(states);

  it("two sequential reads: the second, from the first's states, reads other records", async () => {
    const read1 = await firstRead();
    expect(read1.code).toBe(0);
    expect(statesIn(read1.messages).length).toBeGreaterThan(0);
    expect(recordsIn(read1.messages).length).toBeGreaterThan(0);
    const read2 = await read(await configPath(), catalogPath(), await stateFile(lastStates(read1.messages)));
    expect(read2.code).toBe(0);
    const [set1, set2] = [
      recordSet(recordsIn(read1.messages), ignored()),
      recordSet(recordsIn(read2.messages), ignored()),
    ];
    expect(sameSet(set1, set2)).toBe(false);
  });

  it("sequential slices: a read resumed from each checkpoint returns at least the records still to come", async () => {
    const read1 = await firstRead();
    const catalog = ConfiguredCatalog.parse(await readJsonFile(catalogPath()));
    const slices = catalog.streams.flatMap(({ stream }) =>
      sample(checkpointsOf(read1.messages, stream.name), MAX_SLICES).map((checkpoint) => ({
        stream: stream.name,
        checkpoint,
      })),
    );
    expect(new Set(slices.map((s) => s.stream)).size).toBe(catalog.streams.length);
    const results = await Promise.all(
      slices.map(async ({ stream, checkpoint }) => {
        const run = await read(
          await configPath(),
          await tempFile(singleStream(catalog, stream)),
          await stateFile([checkpoint.state]),
        );
        const records = recordsIn(run.messages, stream);
        const before = recordSet(recordsIn(read1.messages, stream), ignored());
        return {
          slice: `${stream} from ${JSON.stringify(checkpoint.state.stream?.stream_state).slice(0, 80)}`,
          code: run.code,
          enough: records.length >= checkpoint.remaining,
          differs: !sameSet(recordSet(records, ignored()), before),
        };
      }),
    );
    expect(results.filter((r) => r.code !== 0 || !r.enough || !r.differs)).toEqual([]);
  });

  it("future_state: a state from 2222 reads no record and still checkpoints every stream", async () => {
    const statePath = acceptancePath(test().future_state.future_state_path);
    const future = z.array(StateMessage).parse(await readJsonFile(statePath));
    const catalog = ConfiguredCatalog.parse(await readJsonFile(catalogPath()));
    // High strictness: every incremental stream has a future state (no missing_streams).
    expect(future.map((s) => s.stream?.stream_descriptor.name).sort()).toEqual(
      catalog.streams.map((s) => s.stream.name).sort(),
    );
    const run = await read(await configPath(), catalogPath(), statePath);
    expect(run.code).toBe(0);
    expect(recordsIn(run.messages)).toEqual([]);
    expect(new Set(statesIn(run.messages).map((s) => s.stream?.stream_descriptor.name)).size).toBe(
      catalog.streams.length,
    );
  });

  it("sample_state.json is a state the source understands", async () => {
    const run = await read(await configPath(), catalogPath(), acceptancePath("sample_state.json"));
    expect(run.code).toBe(0);
    expect(errorTraces(run.messages)).toEqual([]);
    const warnings = run.messages.flatMap((m) =>
      m.type === "LOG" && m.log.level === "WARN" ? [m.log.message] : [],
    );
    expect(warnings).toEqual([]);
    expect(recordsIn(run.messages).length).toBeGreaterThan(0);
  });
});

describe("every run of the suite", () => {
  it("wrote only valid AirbyteMessage lines to stdout", () => {
    expect(runs.length).toBeGreaterThan(10);
    expect(runs.filter((run) => run.problems.length > 0).map((run) => [run.args[0], run.problems])).toEqual(
      [],
    );
  });

  it("never printed a service user token or its Basic credential", async () => {
    const configs = await Promise.all(
      cat.connection.tests.map(
        async (test) => (await readJsonFile(acceptancePath(test.config_path))) as Record<string, unknown>,
      ),
    );
    const secrets = configs.flatMap((c) => {
      const token = String(c.service_user_token);
      return [token, Buffer.from(`${String(c.service_user_id)}:${token}`).toString("base64")];
    });
    expect(secrets).toContain("emulator-token");
    const leaks = runs.flatMap((run) =>
      secrets
        .filter((secret) => run.stdout.includes(secret) || run.stderr.includes(secret))
        .map((secret) => `${run.args[0]}: ${secret}`),
    );
    expect(leaks).toEqual([]);
  });
});
