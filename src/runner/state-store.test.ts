import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StateMessage } from "../protocol/index.js";
import { ConfigError } from "../protocol/index.js";
import type { ConnectionFolder } from "./state-store.js";
import {
  appendHistory,
  claimFolder,
  connectionFolder,
  foldState,
  readDirectoryRecord,
  readHistory,
  readOpenRejects,
  readSavedState,
  prepareStateDir,
  resetConnection,
  saveDirectoryRecord,
  saveOpenRejects,
  saveState,
  writeAtomically,
} from "./state-store.js";

const streamState = (name: string, cursor: string, namespace?: string): StateMessage => ({
  type: "STREAM",
  stream: {
    stream_descriptor: namespace === undefined ? { name } : { name, namespace },
    stream_state: { cursor },
  },
});

const globalState = (cursor: string): StateMessage => ({
  type: "GLOBAL",
  global: {
    shared_state: { cursor },
    stream_states: [{ stream_descriptor: { name: "employees" }, stream_state: { cursor } }],
  },
});

describe("foldState", () => {
  it("replaces the echoed stream's state and keeps the others", () => {
    const saved = [streamState("employees", "a"), streamState("sites", "s")];
    expect(foldState(saved, streamState("employees", "b"))).toEqual([
      streamState("sites", "s"),
      streamState("employees", "b"),
    ]);
  });

  it("adds a stream it has not seen", () => {
    expect(foldState([streamState("sites", "s")], streamState("employees", "b"))).toEqual([
      streamState("sites", "s"),
      streamState("employees", "b"),
    ]);
  });

  it("tells streams of the same name in different namespaces apart", () => {
    const saved = [streamState("employees", "a", "eu"), streamState("employees", "b", "us")];
    expect(foldState(saved, streamState("employees", "c", "us"))).toEqual([
      streamState("employees", "a", "eu"),
      streamState("employees", "c", "us"),
    ]);
  });

  it("drops the destination's and the source's counts", () => {
    const echoed: StateMessage = {
      ...streamState("employees", "b"),
      sourceStats: { recordCount: 10 },
      destinationStats: { recordCount: 9, rejectedRecordCount: 1 },
    };
    const [folded] = foldState([], echoed);
    expect(folded).toEqual(streamState("employees", "b"));
    expect(folded).not.toHaveProperty("destinationStats");
    expect(folded).not.toHaveProperty("sourceStats");
    expect(echoed.destinationStats).toEqual({ recordCount: 9, rejectedRecordCount: 1 });
  });

  it("keeps keys it does not know", () => {
    const echoed = { ...streamState("employees", "b"), id: 7 } as StateMessage;
    expect(foldState([], echoed)).toEqual([echoed]);
  });

  it("lets a GLOBAL state replace everything", () => {
    const saved = [streamState("employees", "a"), streamState("sites", "s")];
    expect(foldState(saved, { ...globalState("g"), destinationStats: { recordCount: 3 } })).toEqual([
      globalState("g"),
    ]);
  });

  it("lets a STREAM state replace a saved GLOBAL one", () => {
    expect(foldState([globalState("g")], streamState("employees", "b"))).toEqual([
      streamState("employees", "b"),
    ]);
  });
});

describe("the connection folder", () => {
  let stateDir = "";
  let folder: ConnectionFolder;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "state-store-"));
    folder = connectionFolder(stateDir, "source-to-lms");
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it("lays out its files under the connection's name", () => {
    expect(folder).toEqual({
      dir: join(stateDir, "source-to-lms"),
      identityFile: join(stateDir, "source-to-lms", "connection.json"),
      lockFile: join(stateDir, "source-to-lms", "sync.lock"),
      stateFile: join(stateDir, "source-to-lms", "state.json"),
      directoryFile: join(stateDir, "source-to-lms", "directory.json"),
      rejectsFile: join(stateDir, "source-to-lms", "rejects.json"),
      catalogFile: join(stateDir, "source-to-lms", "catalog.json"),
      historyFile: join(stateDir, "source-to-lms", "runs.jsonl"),
      reportsDir: join(stateDir, "source-to-lms", "reports"),
    });
  });

  describe("saved state", () => {
    it("is empty on a first run", async () => {
      expect(await readSavedState(folder)).toEqual([]);
    });

    it("reads back what was saved", async () => {
      const states = [streamState("employees", "2026-01-01"), streamState("sites", "x")];
      await saveState(folder, states);
      expect(await readSavedState(folder)).toEqual(states);
      await saveState(folder, [streamState("employees", "2026-02-01")]);
      expect(await readSavedState(folder)).toEqual([streamState("employees", "2026-02-01")]);
    });

    it.each([
      { file: '{"type":"STREAM"}', error: "is not an array of state messages" },
      { file: '"cursor"', error: "is not an array of state messages" },
      { file: "[not json", error: "JSON" },
    ])("refuses a state file holding $file", async ({ file, error }) => {
      await saveState(folder, []);
      await writeFile(folder.stateFile, file);
      await expect(readSavedState(folder)).rejects.toThrow(error);
    });
  });

  describe("files that cannot be read", () => {
    const fix = "Delete it (the next sync then runs as a first sync) or restore it from a backup.";

    it.each([
      { file: "[not json", problem: /is not valid JSON: .*\. / },
      { file: "", problem: /is not valid JSON: .*\. / },
      { file: '{"type":"STREAM"}', problem: /is not an array of state messages\. / },
      {
        file: '[{"type":"STREAM"}, 42]',
        problem: /is not an array of state messages: entry 2 is not one\. /,
      },
    ])("names state.json and the fix when it holds $file", async ({ file, problem }) => {
      await saveState(folder, []);
      await writeFile(folder.stateFile, file);
      const failure = readSavedState(folder);
      await expect(failure).rejects.toThrow(ConfigError);
      await expect(failure).rejects.toThrow(`The saved state ${folder.stateFile} `);
      await expect(failure).rejects.toThrow(problem);
      await expect(failure).rejects.toThrow(fix);
    });

    it("names connection.json and the fix when it is not JSON", async () => {
      await claimFolder(folder, { source: "s", target: "t" });
      await writeFile(folder.identityFile, '{"source": "s", "tar');
      const claim = claimFolder(folder, { source: "s", target: "t" });
      await expect(claim).rejects.toThrow(ConfigError);
      await expect(claim).rejects.toThrow(
        new RegExp(
          `The connection's binding ${folder.identityFile} is not valid JSON: .*hibob-learners reset`,
        ),
      );
    });
  });

  describe("run history", () => {
    const entry = (run: number) => ({ run_id: `run-${run}`, status: "succeeded" });

    it("starts the next entry on its own line after a crash cut the last one short", async () => {
      await appendHistory(folder, entry(1));
      await writeFile(folder.historyFile, `${JSON.stringify(entry(1))}\n{"run_id": "run-2", "sta`);
      await appendHistory(folder, entry(3));
      const lines = (await readFile(folder.historyFile, "utf8")).split("\n");
      expect(lines.at(-2)).toBe(JSON.stringify(entry(3)));
      expect(await readHistory(folder)).toEqual({ entries: [entry(1), entry(3)], damagedLines: [2] });
    });

    it("reads what it can of a history with damaged lines, naming them, and none when there is no file", async () => {
      expect(await readHistory(folder)).toEqual({ entries: [], damagedLines: [] });
      await appendHistory(folder, entry(1));
      await writeFile(folder.historyFile, "\u0000\u0000garbage\n42\n", { flag: "a" });
      await appendHistory(folder, entry(2));
      expect(await readHistory(folder)).toEqual({ entries: [entry(1), entry(2)], damagedLines: [2, 3] });
    });
  });

  describe("claimFolder", () => {
    const identity = { source: "https://api.hibob.com as SERVICE-1", target: "sqlite /data/lms.db" };

    it("binds the folder to the configs' source and target on first use", async () => {
      await claimFolder(folder, identity);
      expect(JSON.parse(await readFile(folder.identityFile, "utf8"))).toEqual(identity);
    });

    it("lets the same source and target through again", async () => {
      await claimFolder(folder, identity);
      await expect(claimFolder(folder, { ...identity })).resolves.toBeUndefined();
      expect(JSON.parse(await readFile(folder.identityFile, "utf8"))).toEqual(identity);
    });

    it.each([
      { key: "target", other: { ...identity, target: "scim https://lms.example.com/scim/v2" } },
      { key: "source", other: { ...identity, source: "https://api.hibob.com as SERVICE-2" } },
    ])("refuses a different $key, naming both", async ({ key, other }) => {
      await claimFolder(folder, identity);
      const claim = claimFolder(folder, other);
      await expect(claim).rejects.toThrow(ConfigError);
      const message = await claim.then(
        () => "",
        (error: unknown) => (error instanceof Error ? error.message : ""),
      );
      const before = identity[key as keyof typeof identity];
      const after = other[key as keyof typeof other];
      expect(message).toContain(`syncs ${key} ${before}`);
      expect(message).toContain(`now name ${after}`);
      expect(message).toContain("another --connection name");
      expect(message).toContain(folder.dir);
      expect(JSON.parse(await readFile(folder.identityFile, "utf8"))).toEqual(identity);
    });
  });

  describe("what a sync remembers besides its state", () => {
    it("keeps the directory mark and the open rejects, and reads nothing into what is absent or malformed", async () => {
      expect(await readDirectoryRecord(folder)).toBeUndefined();
      expect(await readOpenRejects(folder)).toEqual([]);
      await claimFolder(folder, { source: "s", target: "t" });
      await saveDirectoryRecord(folder, { id: "a1", generation: 3 });
      const open = [{ employee_id: "7", email: null, reason: "r", since: "2026-11-23T06:00:00Z", syncs: 2 }];
      await saveOpenRejects(folder, open);
      expect(await readDirectoryRecord(folder)).toEqual({ id: "a1", generation: 3 });
      expect(await readOpenRejects(folder)).toEqual(open);
      await writeFile(folder.directoryFile, '{"id": 3}');
      expect(await readDirectoryRecord(folder)).toBeUndefined();
      // Cut short by a full disk or a crash before the atomic rename existed: read as none, rewritten next sync.
      await writeFile(folder.rejectsFile, '[{"employee_id": "7", "ema');
      expect(await readOpenRejects(folder)).toEqual([]);
    });

    it("reset forgets the state, the mark, the open rejects, the catalog and the binding, not the history", async () => {
      await claimFolder(folder, { source: "s", target: "t" });
      await saveState(folder, [streamState("employees", "a")]);
      await saveDirectoryRecord(folder, { id: "a1", generation: 3 });
      await saveOpenRejects(folder, []);
      await writeFile(folder.catalogFile, "{}");
      await writeFile(folder.historyFile, "{}\n");
      await resetConnection(folder);
      expect(await readdir(folder.dir)).toEqual(["runs.jsonl"]);
      await claimFolder(folder, { source: "s2", target: "t2" });
    });
  });

  describe("writeAtomically", () => {
    it("writes the whole text and leaves no temporary file behind", async () => {
      const path = join(stateDir, "file.json");
      await writeAtomically(path, "first\n");
      await writeAtomically(path, "second\n");
      expect(await readFile(path, "utf8")).toBe("second\n");
      expect(await readdir(stateDir)).toEqual(["file.json"]);
    });

    it("leaves no temporary file behind after saving state or claiming", async () => {
      await claimFolder(folder, { source: "s", target: "t" });
      await saveState(folder, [streamState("employees", "a")]);
      expect((await readdir(folder.dir)).sort()).toEqual(["connection.json", "state.json"]);
    });
  });
});

describe("prepareStateDir", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "state-dir-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a missing folder, parents included", async () => {
    await prepareStateDir(join(dir, "a", "b"));
    expect(await readdir(join(dir, "a"))).toEqual(["b"]);
  });

  it.each([
    { name: "a file", path: (root: string) => join(root, "file") },
    { name: "under a file", path: (root: string) => join(root, "file", "state") },
  ])("refuses a --state-dir that is $name, naming it and the fix", async ({ path }) => {
    await writeFile(join(dir, "file"), "not a folder");
    await expect(prepareStateDir(path(dir))).rejects.toThrow(
      new RegExp(
        `^--state-dir '${path(dir)}' is a file or lies under one, not a folder\\. Give --state-dir a folder`,
      ),
    );
  });

  // Root writes anywhere, so this only runs for other users (CI runs as root: it is skipped there).
  it.skipIf(process.getuid?.() === 0)("refuses a --state-dir this user cannot write", async () => {
    const locked = join(dir, "locked");
    await mkdir(locked);
    await chmod(locked, 0o555);
    await expect(prepareStateDir(locked)).rejects.toThrow(
      /^--state-dir '.*locked' is not writable by this user/,
    );
    await chmod(locked, 0o755);
  });
});
