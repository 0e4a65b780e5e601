// A connection as a user sets one up for `hibob-learners sync`: the Bob emulator with one service user that sees
// leavers, config files, a state directory and an embedded sqlite learner directory, in a temporary folder.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HibobEmulator, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import type { SyncReport } from "../../src/runner/sync-report.js";
import { type Finished, runBin } from "./spawn.js";

export interface RunnerConnection {
  readonly emulator: HibobEmulator;
  readonly paths: {
    readonly source: string;
    readonly destination: string;
    readonly stateDir: string;
    readonly db: string;
  };
  /** One `hibob-learners sync` of the built bins, with the JSON report it wrote. */
  sync(): Promise<Finished & { readonly report: SyncReport }>;
  close(): Promise<void>;
}

export async function startRunnerConnection(
  name: string,
  options: { readonly seed: number; readonly token: string },
): Promise<RunnerConnection> {
  const emulator = await startHibobEmulator({
    employees: 60,
    seed: options.seed,
    rateLimits: false,
    serviceUsers: [{ id: name, token: options.token, scope: { terminated: true } }],
  });
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const paths = {
    source: join(dir, "source.json"),
    destination: join(dir, "destination.json"),
    stateDir: join(dir, "state"),
    db: join(dir, "learners.db"),
  };
  await writeFile(
    paths.source,
    JSON.stringify({ service_user_id: name, service_user_token: options.token, api_url: emulator.baseUrl }),
  );
  await writeFile(paths.destination, JSON.stringify({ target: { type: "sqlite", path: paths.db } }));
  return {
    emulator,
    paths,
    async sync() {
      const run = await runBin("hibob-learners", [
        "sync",
        ...["--source-config", paths.source, "--destination-config", paths.destination],
        ...["--state-dir", paths.stateDir, "--connection", name],
      ]);
      const history = (await readFile(join(paths.stateDir, name, "runs.jsonl"), "utf8")).trim().split("\n");
      const last = JSON.parse(history.at(-1) ?? "{}") as { reports: { json: string } };
      const report = JSON.parse(await readFile(last.reports.json, "utf8")) as SyncReport;
      return { ...run, report };
    },
    async close() {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
