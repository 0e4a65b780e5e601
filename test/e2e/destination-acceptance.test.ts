import Database from "better-sqlite3";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirbyteMessage, StateMessage, SyncMode } from "../../src/protocol/index.js";
import { startEasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import { djangoScim2Default, requestTally, startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { eventOf } from "../../src/learner-events/index.js";
import { employee } from "../fixtures/employee.js";
import { protocolErrors } from "../helpers/airbyte-schema.js";
import { parseLines } from "../helpers/capture.js";
import { killAfterFirstState, REPO_ROOT, runBin } from "../helpers/spawn.js";

// The destination as the platform runs it: the built bin (`npm run build` first), files, stdin and stdout.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "destination-acceptance-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function file(content: unknown): Promise<string> {
  files += 1;
  const path = join(dir, `file-${files}.json`);
  await writeFile(path, JSON.stringify(content));
  return path;
}

async function setup(syncMode: SyncMode = "full_refresh") {
  files += 1;
  const db = join(dir, `learners-${files}.db`);
  const config = await file({ target: { type: "sqlite", path: db } });
  const catalog = await file({
    streams: [
      {
        stream: { name: "employees", json_schema: {}, supported_sync_modes: ["full_refresh", "incremental"] },
        sync_mode: syncMode,
        destination_sync_mode: "append_dedup",
      },
    ],
  });
  return { db, args: ["write", "--config", config, "--catalog", catalog] };
}

const record = (data: Record<string, unknown>): AirbyteMessage => ({
  type: "RECORD",
  record: { stream: "employees", data, emitted_at: 1_700_000_000_000 },
});
const state = (n: number, recordCount: number): AirbyteMessage => ({
  type: "STATE",
  state: {
    type: "STREAM",
    stream: { stream_descriptor: { name: "employees" }, stream_state: { n } },
    sourceStats: { recordCount },
  },
});
const COMPLETE: AirbyteMessage = {
  type: "TRACE",
  trace: {
    type: "STREAM_STATUS",
    emitted_at: 1,
    stream_status: { stream_descriptor: { name: "employees" }, status: "COMPLETE" },
  },
};
const ndjson = (messages: readonly AirbyteMessage[]) =>
  messages.map((m) => `${JSON.stringify(m)}\n`).join("");
const states = (stdout: string): StateMessage[] =>
  parseLines(stdout).flatMap((message) => (message.type === "STATE" ? [message.state] : []));

const TIMESTAMPS = new Set(["created_at", "updated_at", "archived_at"]);

function learners(path: string): Record<string, unknown>[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare("SELECT * FROM learners ORDER BY external_id")
      .all()
      .map((row) =>
        // Timestamps differ between runs by nature; everything else must match.
        Object.fromEntries(
          Object.entries(row as Record<string, unknown>).filter(([column]) => !TIMESTAMPS.has(column)),
        ),
      );
  } finally {
    db.close();
  }
}

/** Batches of employees, each closed by a state, as a source checkpoints them. */
function input(batches: readonly (readonly string[])[]): AirbyteMessage[] {
  return batches.flatMap((ids, index) => [
    ...ids.map((id) => record(employee({ id, firstName: `F${id}` }))),
    state(index + 1, ids.length),
  ]);
}

describe("destination-learners acceptance (built bin, sqlite)", () => {
  it("spec is the golden file", async () => {
    const result = await runBin("destination-learners", ["spec"]);
    const [message] = parseLines(result.stdout);
    expect(message?.type === "SPEC" && message.spec).toEqual(
      JSON.parse(await readFile(join(REPO_ROOT, "schemas/destination-spec.json"), "utf8")),
    );
  });

  it("check succeeds for a writable path and fails for an unwritable one", async () => {
    const good = await runBin("destination-learners", [
      "check",
      "--config",
      await file({ target: { type: "sqlite", path: join(dir, "ok.db") } }),
    ]);
    expect(parseLines(good.stdout)).toEqual([
      { type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } },
    ]);
    const bad = await runBin("destination-learners", [
      "check",
      "--config",
      await file({ target: { type: "sqlite", path: join(dir, "no", "such", "folder", "x.db") } }),
    ]);
    expect(bad.code).toBe(0);
    expect(parseLines(bad.stdout)[0]).toMatchObject({ connectionStatus: { status: "FAILED" } });
  });

  it("check reads the learner list of a SCIM or EasyLlama target, and names the token it refused", async () => {
    const scim = await startScimEmulator({ token: "scim-token-7a1c" });
    const llama = await startEasyLlamaEmulator({ apiTokens: ["llama-token-93bd"] });
    try {
      const check = async (target: Record<string, unknown>) => {
        const result = await runBin("destination-learners", ["check", "--config", await file({ target })]);
        expect(result.code).toBe(0);
        expect(result.stdout + result.stderr).not.toMatch(/scim-token-7a1c|llama-token-93bd|wrong-token/);
        const [status] = parseLines(result.stdout);
        return status?.type === "CONNECTION_STATUS" ? status.connectionStatus : undefined;
      };
      const scimTarget = { type: "scim", base_url: scim.baseUrl };
      const llamaTarget = { type: "easyllama", api_url: llama.baseUrl };
      expect(await check({ ...scimTarget, token: "scim-token-7a1c" })).toEqual({ status: "SUCCEEDED" });
      expect(await check({ ...llamaTarget, api_token: "llama-token-93bd" })).toEqual({ status: "SUCCEEDED" });
      expect(await check({ ...scimTarget, token: "wrong-token" })).toMatchObject({
        status: "FAILED",
        message: expect.stringContaining("target.token"),
      });
      expect(await check({ ...llamaTarget, api_token: "wrong-token" })).toMatchObject({
        status: "FAILED",
        message: expect.stringContaining("target.api_token"),
      });
      // Groups are optional (RFC 7644 §4): a server without them passes check; courses are what it cannot do.
      const usersOnly = await startScimEmulator({ token: "scim-token-7a1c", groups: false });
      try {
        expect(await check({ type: "scim", base_url: usersOnly.baseUrl, token: "scim-token-7a1c" })).toEqual({
          status: "SUCCEEDED",
        });
      } finally {
        await usersOnly.close();
      }
    } finally {
      await Promise.all([scim.close(), llama.close()]);
    }
  });

  it("writes to a SCIM server like django-scim2's default adapter: exit 0, warnings, true counts, then no write", async () => {
    const scim = await startScimEmulator({ token: "scim-token-7a1c", ...djangoScim2Default });
    try {
      const config = await file({
        target: { type: "scim", base_url: scim.baseUrl, token: "scim-token-7a1c" },
        course_rules: [{ course: "Onboarding", when: "new_learner" }],
      });
      const catalog = await file({
        streams: [
          {
            stream: { name: "employees", json_schema: {}, supported_sync_modes: ["full_refresh"] },
            sync_mode: "full_refresh",
            destination_sync_mode: "append_dedup",
          },
        ],
      });
      const sync = async () => {
        scim.resetRequests();
        const result = await runBin(
          "destination-learners",
          ["write", "--config", config, "--catalog", catalog],
          ndjson([
            ...input([
              ["1", "2", "3"],
              ["4", "5"],
            ]),
            COMPLETE,
          ]),
        );
        const events = parseLines(result.stdout).flatMap((message) => {
          if (message.type !== "LOG") return [];
          const reading = eventOf(message.log);
          return reading.found === "event" ? [reading.event] : [];
        });
        return { code: result.code, events, writes: requestTally(scim.requests()).writes };
      };
      const first = await sync();
      expect(first.code).toBe(0);
      const summary = first.events.find((event) => event.kind === "summary");
      expect(summary?.kind === "summary" && summary.counts).toMatchObject({ created: 5, rejected: 0 });
      const warnings = first.events.flatMap((event) => (event.kind === "warning" ? [event.message] : []));
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/does not keep department .*no enterprise User extension/) as unknown,
          expect.stringMatching(/does not keep title.*users it answers with lack them/) as unknown,
        ]),
      );
      expect(scim.users.count()).toBe(5);
      expect(scim.groups.memberIds("Onboarding")).toHaveLength(5);
      // 5 creates, one group, and one PATCH per batch adding its members: nothing written twice.
      expect(first.writes).toBe(5 + 1 + 2);

      const second = await sync();
      expect(second.code).toBe(0);
      expect(second.writes).toBe(0);
    } finally {
      await scim.close();
    }
  });

  it("discover emits one valid DESTINATION_CATALOG of learner operations", async () => {
    const result = await runBin("destination-learners", ["discover", "--config", await file({})]);
    const messages = parseLines(result.stdout);
    expect(messages).toHaveLength(1);
    expect(protocolErrors("AirbyteMessage", messages[0])).toEqual([]);
    const operations =
      messages[0]?.type === "DESTINATION_CATALOG" ? messages[0].destination_catalog.operations : [];
    expect(
      operations.map((operation) => [operation.object_name, operation.sync_mode, operation.matching_keys]),
    ).toEqual([
      ["learners", "append_dedup", [["external_id"], ["email"]]],
      ["learners", "update", [["external_id"], ["email"]]],
      ["learners", "soft_delete", [["external_id"], ["email"]]],
    ]);
  });

  it("testSync: echoes every state in order with its counts, the last one equal to the input's", async () => {
    const { db, args } = await setup();
    const messages = [...input([["1", "2", "3"], ["4"], ["5", "6"]]), COMPLETE];
    const result = await runBin("destination-learners", args, ndjson(messages));
    expect(result.code).toBe(0);
    const echoed = states(result.stdout);
    const sent = messages.flatMap((message) => (message.type === "STATE" ? [message.state] : []));
    expect(echoed.map((entry) => entry.destinationStats)).toEqual([
      { recordCount: 3, rejectedRecordCount: 0 },
      { recordCount: 1, rejectedRecordCount: 0 },
      { recordCount: 2, rejectedRecordCount: 0 },
    ]);
    expect(echoed.map(({ destinationStats: _stats, ...rest }) => rest)).toEqual(sent);
    for (const message of parseLines(result.stdout))
      expect(protocolErrors("AirbyteMessage", message)).toEqual([]);
    expect(learners(db).map((row) => [row.external_id, row.first_name, row.email, row.status])).toEqual(
      ["1", "2", "3", "4", "5", "6"].map((id) => [id, `F${id}`, `f${id}.${id}@acme.test`, "active"]),
    );
  });

  it("writes a 10,000-record batch", async () => {
    const { db, args } = await setup();
    const ids = Array.from({ length: 10_000 }, (_, index) => `e${index}`);
    const result = await runBin("destination-learners", args, ndjson([...input([ids]), COMPLETE]));
    expect(states(result.stdout)[0]?.destinationStats).toEqual({
      recordCount: 10_000,
      rejectedRecordCount: 0,
    });
    expect(learners(db)).toHaveLength(10_000);
  });

  it("keeps line breaks and U+2028 inside values", async () => {
    const { db, args } = await setup();
    const names = ["Line\nBreak", "Carriage\rReturn", "Para\u2028Sep"];
    const messages = [
      ...names.map((firstName, index) =>
        record(employee({ id: `n${index}`, firstName, email: `n${index}@acme.test` })),
      ),
      state(1, 3),
    ];
    const result = await runBin("destination-learners", args, ndjson(messages));
    expect(states(result.stdout)).toHaveLength(1);
    expect(learners(db).map((row) => row.first_name)).toEqual(names);
  });

  it("converges to the same learners after kill -9 following the first echoed state and a re-run", async () => {
    const first = ["1", "2", "3"];
    const batches = [first, ["4", "5"], ["6"]];
    const cut = first.length + 1;
    // The second batch also renames an employee of the first: re-applying it must converge too.
    const messages = input(batches).toSpliced(cut, 0, record(employee({ id: "1", firstName: "Renamed" })));

    const clean = await setup("incremental");
    await runBin("destination-learners", clean.args, ndjson(messages));

    const crashed = await setup("incremental");
    // The first batch and its state, then part of the next batch; stdin stays open, as mid-sync.
    const crash = await killAfterFirstState(
      "destination-learners",
      crashed.args,
      ndjson([...messages.slice(0, cut), ...messages.slice(cut, cut + 1)]),
    );
    expect(crash.signal).toBe("SIGKILL");
    expect(states(crash.stdout)).toHaveLength(1);

    // The platform resumes from the last echoed state: the source sends what came after it.
    const rerun = await runBin("destination-learners", crashed.args, ndjson(messages.slice(cut)));
    expect(rerun.code).toBe(0);
    expect(learners(crashed.db)).toEqual(learners(clean.db));
    expect(learners(clean.db)).toHaveLength(6);
  });
});
