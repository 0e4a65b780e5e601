import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import type { DayOptions, DaySummary, HibobEmulator } from "@hibob-learners/hibob-emulator";
import type { DemoDay } from "./demo-story.js";
import { dayText, firstSyncStory, nextSyncStory } from "./demo-story.js";
import { DEFAULT_HOST } from "../console/console-args.js";
import { serveConsole } from "../console/console-command.js";
import type { HibobEmulatorModule } from "./load-emulator.js";
import type { RunnerIo } from "./runner-io.js";
import { progressView } from "./progress-view.js";
import { printed } from "./sync-command.js";
import type { SyncResult } from "./sync.js";
import { runSync } from "./sync.js";
import { terminalText } from "./terminal-text.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export const DEMO_USAGE = `Usage: hibob-learners demo [options]

Starts the HiBob emulator with a realistic company, syncs it into a SQLite learner directory, lets a day pass
in Bob (hires, promotions, moves, terminations, a rehire) and syncs again. No credentials needed.

  --employees N   company size (default 500)
  --seed N        seed of the generated company (default 42)
  --dir DIR       where the configs, the learner directory and the state go (default .hibob-learners/demo);
                  emptied first
  --console       instead of syncing, open the connection console on the demo's emulator and learner
                  directory (its URL is printed; Ctrl-C stops it)
  --port N        with --console: where the console listens (default 0: a free port)
  -h, --help      show this help
`;

const DEMO_FILES = new Set([
  "source.json",
  "destination.json",
  "learners.db",
  "learners.db-wal",
  "learners.db-shm",
  "state",
]);
const SERVICE_USER = { id: "demo", token: "demo-emulator-token" } as const;
const RESTRICTED_USER = { id: "demo-restricted", token: "demo-restricted-token" } as const;

interface DemoOptions {
  readonly employees: number;
  readonly seed: number;
  readonly dir: string;
  /** Open the console instead of running the two syncs; its port. */
  readonly console: { readonly port: number } | null;
}

export async function runDemo(
  argv: readonly string[],
  emulator: HibobEmulatorModule,
  io: RunnerIo,
): Promise<number> {
  let options: DemoOptions | "help";
  try {
    options = demoOptions(argv, emulator);
  } catch (error) {
    io.stderr.write(
      `hibob-learners demo: ${terminalText(error instanceof Error ? error.message : String(error))}\n\n${DEMO_USAGE}`,
    );
    return EXIT_USAGE;
  }
  if (options === "help") {
    io.stdout.write(DEMO_USAGE);
    return EXIT_OK;
  }
  try {
    return await demo(options, emulator, io);
  } catch (error) {
    io.stderr.write(
      `hibob-learners demo: ${terminalText(error instanceof Error ? error.message : String(error))}\n`,
    );
    return EXIT_FAILED;
  }
}

function demoOptions(
  argv: readonly string[],
  { integer, MAX_EMPLOYEES }: HibobEmulatorModule,
): DemoOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      employees: { type: "string" },
      seed: { type: "string" },
      dir: { type: "string" },
      console: { type: "boolean" },
      port: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) return "help";
  if (values.port !== undefined && values.console !== true) throw new Error("--port needs --console");
  return {
    employees: integer(values.employees, "employees", 1, MAX_EMPLOYEES, 500),
    seed: integer(values.seed, "seed", 0, 2 ** 31 - 1, 42),
    dir: resolve(values.dir ?? join(".hibob-learners", "demo")),
    console: values.console === true ? { port: integer(values.port, "port", 0, 65_535, 0) } : null,
  };
}

/**
 * The demo: a company in the emulator, a first sync, a day in Bob, the next day's sync. The connectors run as
 * separate processes exactly as in production; only Bob is emulated.
 */
async function demo(
  options: DemoOptions,
  { startHibobEmulator, ALL_PERMISSIONS }: HibobEmulatorModule,
  io: RunnerIo,
): Promise<number> {
  const say = (text: string): void => {
    io.stdout.write(`${text}\n`);
  };
  await emptyDemoDir(options.dir);
  const emulator = await startHibobEmulator({
    employees: options.employees,
    seed: options.seed,
    serviceUsers: [
      { ...SERVICE_USER, scope: { terminated: true } },
      // For the console's Connect Bob step: a user whose group lacks Employment, so Test connection lists it.
      {
        ...RESTRICTED_USER,
        permissions: ALL_PERMISSIONS.filter((p) => p !== "employment"),
        scope: { terminated: true },
      },
    ],
  });
  try {
    const sourceConfig = join(options.dir, "source.json");
    const destinationConfig = join(options.dir, "destination.json");
    const learnerDirectory = join(options.dir, "learners.db");
    await writeJson(sourceConfig, {
      service_user_id: SERVICE_USER.id,
      service_user_token: SERVICE_USER.token,
      api_url: emulator.baseUrl,
    });
    await writeJson(destinationConfig, {
      target: { type: "sqlite", path: learnerDirectory },
      course_rules: [
        { course: "Security basics", when: "new_learner" },
        { course: "Leading people", when: "promoted_to_supervisor" },
      ],
    });
    if (options.console !== null) {
      io.stderr.write(
        `HiBob emulator: ${options.employees} employees at ${emulator.baseUrl}. The configs in ${options.dir} use ` +
          `the service user '${SERVICE_USER.id}'; '${RESTRICTED_USER.id}' lacks the Employment category.\n`,
      );
      return await serveConsole(
        {
          host: DEFAULT_HOST,
          port: options.console.port,
          stateDir: join(options.dir, "state"),
          sourceConfig,
          destinationConfig,
          connection: "demo",
          demo: {
            passDay: () =>
              dayText(demoDayOf(emulator.passDays(demoDay(options.employees)), emulator.company)),
          },
        },
        io,
      );
    }
    const sync = (): Promise<SyncResult> =>
      runSync({
        sourceConfig,
        destinationConfig,
        stateDir: join(options.dir, "state"),
        connection: "demo",
        view: progressView(io.stderr),
      });

    say(`HiBob emulator: ${options.employees} employees at ${emulator.baseUrl} (seed ${options.seed}).\n`);
    say("1. First sync: every employee Bob shows, into an empty learner directory.\n");
    const first = await sync();
    say(`${printed(first)}\n`);
    if (first.report.status === "failed") return EXIT_FAILED;
    say(`${firstSyncStory(first.report).join("\n")}\n`);

    const day = demoDayOf(emulator.passDays(demoDay(options.employees)), emulator.company);
    say(`2. A day passes in Bob (${day.today}): ${dayText(day)}.\n`);
    say(
      "3. The next day's sync: every employee is compared with their learner; only what changed is written.\n",
    );
    const second = await sync();
    say(`${printed(second)}\n`);
    if (second.report.status === "succeeded")
      say(`What the sync made of the day:\n${indented(nextSyncStory(day, second.report))}\n`);

    say(`Learner directory: ${learnerDirectory} (${directoryCounts(learnerDirectory)})`);
    say(`HTML reports:      ${first.files.html}`);
    say(`                   ${second.files.html}`);
    return second.report.status === "succeeded" ? EXIT_OK : EXIT_FAILED;
  } finally {
    await emulator.close();
  }
}

/** A busy but ordinary day: about 2% changes, a few hires and leavers, one rehire and one new email. */
export function demoDay(employees: number): DayOptions {
  const share = (percent: number): number => Math.max(1, Math.round((employees * percent) / 100));
  return {
    updates: share(2),
    hires: share(0.8),
    terminations: share(0.6),
    rehires: 1,
    emailChanges: 1,
    deletions: 0,
    timeOffRequests: 0,
  };
}

/** The day's summary, with what the story needs from Bob: when each termination and each rehire takes effect. */
function demoDayOf(day: DaySummary, company: HibobEmulator["company"]): DemoDay {
  const person = (id: string) => company.byId.get(id);
  return {
    today: day.today,
    hired: day.hired,
    changed: day.updated.map((entry) => ({ id: entry.id, promoted: entry.change === "promotedToManager" })),
    terminated: day.terminated.map((id) => ({ id, date: person(id)?.terminationDate ?? day.today })),
    rehired: day.rehired.map((id) => ({ id, start: person(id)?.startDate ?? day.today })),
    emailChanged: day.emailChanged.map((entry) => entry.id),
  };
}

const indented = (lines: readonly string[]): string => lines.map((line) => `  ${line}`).join("\n");

function directoryCounts(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("SELECT status, count(*) AS n FROM learners GROUP BY status").all() as {
      status: string;
      n: number;
    }[];
    const count = (status: string): number => rows.find((row) => row.status === status)?.n ?? 0;
    return `${count("active")} active and ${count("archived")} archived learners`;
  } finally {
    db.close();
  }
}

/** Empties the demo folder, refusing one that holds anything the demo did not write. */
async function emptyDemoDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => []);
  const foreign = entries.filter((entry) => !DEMO_FILES.has(entry));
  if (foreign.length > 0) {
    throw new Error(
      `${dir} holds files the demo did not write (${foreign.join(", ")}); choose another --dir.`,
    );
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

/** The configs hold the emulator's token: owner-only, as the console writes configs. */
async function writeJson(path: string, value: object): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}
