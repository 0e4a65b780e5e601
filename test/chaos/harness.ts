import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { startEasyLlamaEmulator, type EasyLlamaEmulator } from "@hibob-learners/lms-emulators/easyllama";
import { lifecycleStatus } from "@hibob-learners/hibob-emulator";
import { startHibobEmulator, type HibobEmulator } from "@hibob-learners/hibob-emulator";
import { startScimEmulator, type ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { mulberry32 } from "@hibob-learners/emulator-kit";
import type { LogLevel } from "../../src/protocol/index.js";
import type { ConnectorCommand } from "../../src/runner/connector-process.js";
import type { ProgressView } from "../../src/runner/progress-view.js";
import { runSync } from "../../src/runner/sync.js";
import type { SyncReport } from "../../src/runner/sync-report.js";
import { freshDist } from "../helpers/fresh-dist.js";

/** The base seed of the whole suite; `CHAOS_SEED=n` replays another one. Every failure message names its seed. */
export const BASE_SEED = Number(process.env.CHAOS_SEED ?? "20260302");
if (!Number.isSafeInteger(BASE_SEED))
  throw new Error(`CHAOS_SEED must be an integer, not ${String(BASE_SEED)}`);

/** The company's business date: fixed, so a seed always gives the same company. */
export const TODAY = "2026-03-02";

/** Distinctive credentials, searched for in every line every process writes and every file the runs leave. */
export const CREDENTIALS = {
  serviceUserId: "chaos-service-user",
  bobToken: "bob-tok-9f3c2e71-chaos-aa51d0",
  scimToken: "scim-bearer-5d81c0b7-chaos-7e2f",
  llamaClientId: "chaos-llama-client",
  llamaSecret: "llama-secret-c4a90e12-chaos-31bd",
  llamaApiToken: "llama-api-tok-0b7d55f3-chaos-e9c4",
} as const;

/** Everything that must never be printed or written: the secrets and the Basic credential built from the token. */
export const SECRETS: readonly string[] = [
  CREDENTIALS.bobToken,
  CREDENTIALS.scimToken,
  CREDENTIALS.llamaSecret,
  CREDENTIALS.llamaApiToken,
  Buffer.from(`${CREDENTIALS.serviceUserId}:${CREDENTIALS.bobToken}`).toString("base64"),
];
process.env.CHAOS_SECRETS = JSON.stringify(SECRETS);

const WRAPPER = fileURLToPath(new URL("./connector-wrapper.mjs", import.meta.url));
const bin = (name: string): string => fileURLToPath(new URL(`../../dist/bin/${name}.js`, import.meta.url));

/** A seeded stream of choices. */
export class Dice {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HiBob

/**
 * Bob's emulator with a clock that lags real time by just under a minute. Its rate-limit windows (and the
 * `X-RateLimit-Reset` of a 429) then always lie at most half a second ahead of the source's clock, so every 429
 * costs the source the "reset + 1 s margin" wait of about a second instead of up to a minute. `lockout()` moves
 * the clock a quarter of an hour ahead: a 429 then announces a reset beyond the source's longest wait.
 */
export interface Bob {
  readonly emulator: HibobEmulator;
  lockout(on: boolean): void;
}

export async function startBob(options: {
  employees: number;
  seed: number;
  rateLimits?: boolean;
}): Promise<Bob> {
  let offset = -59_500;
  const emulator = await startHibobEmulator({
    employees: options.employees,
    seed: options.seed,
    today: TODAY,
    now: () => Date.now() + offset,
    rateLimits: options.rateLimits === true ? {} : false,
    serviceUsers: [
      { id: CREDENTIALS.serviceUserId, token: CREDENTIALS.bobToken, scope: { terminated: true } },
    ],
  });
  return {
    emulator,
    lockout(on) {
      offset = on ? 15 * 60_000 : -59_500;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Learner targets

export type TargetKind = "sqlite" | "scim" | "easyllama";

export interface Target {
  readonly kind: TargetKind;
  readonly config: Record<string, unknown>;
  readonly scim?: ScimEmulator;
  readonly llama?: EasyLlamaEmulator;
  readonly path?: string;
  close(): Promise<void>;
}

export async function startTarget(kind: TargetKind, dir: string, name: string): Promise<Target> {
  if (kind === "sqlite") {
    const path = join(dir, `${name}.db`);
    return { kind, path, config: { type: "sqlite", path }, close: () => Promise.resolve() };
  }
  if (kind === "scim") {
    const scim = await startScimEmulator({ token: CREDENTIALS.scimToken });
    return {
      kind,
      scim,
      config: { type: "scim", base_url: scim.baseUrl, token: CREDENTIALS.scimToken },
      close: () => scim.close(),
    };
  }
  const llama = await startEasyLlamaEmulator({
    clientId: CREDENTIALS.llamaClientId,
    clientSecret: CREDENTIALS.llamaSecret,
    apiTokens: [CREDENTIALS.llamaApiToken],
    // Short-lived access tokens: a long run renews them on the way.
    tokenTtlSeconds: 20,
  });
  return {
    kind,
    llama,
    config: {
      type: "easyllama",
      api_url: llama.baseUrl,
      client_id: CREDENTIALS.llamaClientId,
      client_secret: CREDENTIALS.llamaSecret,
    },
    close: () => llama.close(),
  };
}

/** A course rule per target: the course is the sqlite name, the SCIM group, the EasyLlama training id. */
export function courseRules(kind: TargetKind): Record<string, unknown>[] {
  const course = kind === "sqlite" ? "Security basics" : kind === "scim" ? "Security basics" : "3";
  return [
    { course, when: "new_learner" },
    { course: kind === "easyllama" ? "2" : "Leading people", when: "promoted_to_supervisor" },
  ];
}

/** A learner as compared between runs: everything the target holds but its own ids and timestamps. */
export interface Held {
  readonly external_id: string;
  readonly email: string;
  readonly status: "active" | "archived";
  readonly fields: Record<string, unknown>;
  readonly courses: readonly string[];
}

function withoutKeys(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

/** Every learner the target holds, sorted by external id. */
export function heldLearners(target: Target): Held[] {
  const held: Held[] = [];
  if (target.path !== undefined) {
    const db = new Database(target.path, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare("SELECT * FROM learners").all() as Record<string, unknown>[];
      const courses = db.prepare("SELECT external_id, course FROM course_assignments").all() as {
        external_id: string;
        course: string;
      }[];
      for (const row of rows) {
        held.push({
          external_id: String(row.external_id),
          email: String(row.email),
          status: row.status === "archived" ? "archived" : "active",
          fields: withoutKeys(row, ["created_at", "updated_at", "archived_at"]),
          courses: courses
            .filter((c) => c.external_id === row.external_id)
            .map((c) => c.course)
            .sort(),
        });
      }
    } finally {
      db.close();
    }
  } else if (target.scim !== undefined) {
    const users = target.scim.users.list() as Record<string, unknown>[];
    const externalIdOf = new Map(users.map((user) => [String(user.id), String(user.externalId)]));
    const groups = target.scim.groups.list() as { displayName?: unknown; members?: { value: string }[] }[];
    const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    for (const user of users) {
      const ext = (user[enterprise] ?? {}) as { manager?: { value?: string } } & Record<string, unknown>;
      const manager = ext.manager?.value;
      held.push({
        external_id: String(user.externalId),
        email: String(user.userName),
        status: user.active === false ? "archived" : "active",
        fields: {
          ...withoutKeys(user, ["id", "meta", "groups", enterprise]),
          [enterprise]: {
            ...withoutKeys(ext, ["manager"]),
            manager: manager === undefined ? null : (externalIdOf.get(manager) ?? `unknown ${manager}`),
          },
        },
        courses: groups
          .filter((group) => (group.members ?? []).some((member) => member.value === user.id))
          .map((group) => String(group.displayName))
          .sort(),
      });
    }
  } else if (target.llama !== undefined) {
    const assignments = target.llama.learnerTrainings.list();
    for (const learner of target.llama.learners.list()) {
      held.push({
        external_id: String(learner.external_id),
        email: String(learner.email),
        status: learner.status,
        fields: withoutKeys({ ...learner }, ["id", "created_at", "updated_at", "archived_at"]),
        courses: assignments
          .filter((a) => a.learner_id === learner.id)
          .map((a) => String(a.training_id))
          .sort(),
      });
    }
  }
  return held.sort((a, b) => (a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0));
}

function changes(want: Held, got: Held): string {
  const flat = (held: Held): Record<string, unknown> => ({
    ...held.fields,
    status: held.status,
    courses: held.courses,
  });
  const [a, b] = [flat(want), flat(got)];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) => `${key} expected ${JSON.stringify(a[key])}, got ${JSON.stringify(b[key])}`)
    .join("; ");
}

/** Where two learner sets differ, in a few readable lines; empty when they are equal. */
export function learnerDiff(expected: readonly Held[], actual: readonly Held[]): string[] {
  const byId = (list: readonly Held[]) => new Map(list.map((l) => [l.external_id, l]));
  const want = byId(expected);
  const have = byId(actual);
  const problems: string[] = [];
  for (const [id, learner] of want) {
    const got = have.get(id);
    if (got === undefined) problems.push(`missing learner ${id} (${learner.email}, ${learner.status})`);
    else if (JSON.stringify(got) !== JSON.stringify(learner))
      problems.push(`learner ${id}: ${changes(learner, got)}`);
  }
  for (const [id, learner] of have) {
    if (!want.has(id)) problems.push(`unexpected learner ${id} (${learner.email}, ${learner.status})`);
  }
  if (expected.length !== want.size || actual.length !== have.size)
    problems.push(
      `duplicate external ids: ${expected.length}/${want.size} expected, ${actual.length}/${have.size} held`,
    );
  return problems;
}

/** Duplicate learners (one external id or one email, case-insensitively, held twice). */
export function duplicates(learners: readonly Held[]): string[] {
  const seen = new Map<string, number>();
  for (const learner of learners) {
    for (const key of [`external_id ${learner.external_id}`, `email ${learner.email.toLowerCase()}`])
      seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} held ${n} times`);
}

/**
 * Learners whose status disagrees with Bob's ground truth: an employee who is terminated or gone must have an
 * archived learner, an employee who is not must have an active one.
 */
export function statusMismatches(learners: readonly Held[], bob: HibobEmulator): string[] {
  const { company } = bob.state;
  const employees = new Map(company.employees.map((employee) => [employee.id, employee]));
  const problems: string[] = [];
  for (const learner of learners) {
    const employee = employees.get(learner.external_id);
    const lifecycle = employee === undefined ? "gone" : lifecycleStatus(employee, company.today);
    const want = lifecycle === "gone" || lifecycle === "terminated" ? "archived" : "active";
    if (learner.status !== want)
      problems.push(`learner ${learner.external_id} is ${learner.status}, employee is ${lifecycle}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Runs

/** A kill point counted in protocol messages on the connector's stdout, so a trial replays the same way. */
export interface KillPlan {
  readonly side: "source" | "destination";
  /** Any message, RECORD messages or STATE messages. */
  readonly after: "lines" | "records" | "states";
  readonly n: number;
  /** Pass the triggering message on before the kill (else it is lost with the process). */
  readonly forward: boolean;
}

export interface Connection {
  readonly dir: string;
  readonly name: string;
  readonly stateDir: string;
  readonly sourceConfig: string;
  readonly destinationConfig: string;
  readonly logs: string;
}

export interface ConnectionOptions {
  readonly bob: Bob;
  readonly target: Target;
  readonly batchSize: number;
  readonly courses?: boolean;
  readonly badToken?: "source" | "destination";
}

/** Writes a connection's two configs and makes its state directory. */
export async function connection(dir: string, name: string, options: ConnectionOptions): Promise<Connection> {
  const home = join(dir, name);
  await mkdir(home, { recursive: true });
  const conn: Connection = {
    dir: home,
    name,
    stateDir: join(home, "state"),
    sourceConfig: join(home, "source.json"),
    destinationConfig: join(home, "destination.json"),
    logs: join(home, "process-lines.jsonl"),
  };
  await configure(conn, options);
  return conn;
}

export async function configure(conn: Connection, options: ConnectionOptions): Promise<void> {
  const wrong = (value: string) => `${value.slice(0, 6)}-wrong`;
  await writeFile(
    conn.sourceConfig,
    JSON.stringify({
      service_user_id: CREDENTIALS.serviceUserId,
      service_user_token: options.badToken === "source" ? wrong(CREDENTIALS.bobToken) : CREDENTIALS.bobToken,
      api_url: options.bob.emulator.baseUrl,
      batch_size: options.batchSize,
    }),
  );
  const target = { ...options.target.config };
  if (options.badToken === "destination") {
    if (typeof target.token === "string") target.token = wrong(target.token);
    if (typeof target.client_secret === "string") target.client_secret = wrong(target.client_secret);
  }
  await writeFile(
    conn.destinationConfig,
    JSON.stringify({
      target,
      ...(options.courses === true ? { course_rules: courseRules(options.target.kind) } : {}),
    }),
  );
}

export interface Run {
  readonly report: SyncReport;
  /** What the runner itself logged (already masked by it). */
  readonly runnerLog: readonly string[];
}

function wrapped(
  conn: Connection,
  label: string,
  name: string,
  kill: KillPlan | undefined,
): ConnectorCommand {
  return {
    command: process.execPath,
    args: [
      WRAPPER,
      JSON.stringify({ log: conn.logs, label, ...(kill === undefined ? {} : { kill }) }),
      bin(name),
    ],
  };
}

/** One `runSync` of the connection's employees stream; the connectors run under the wrapper (scan, maybe kill). */
export async function sync(conn: Connection, label: string, kill?: KillPlan): Promise<Run> {
  await freshDist();
  const runnerLog: string[] = [];
  const view: ProgressView = {
    progress: () => undefined,
    log: (origin: string, level: LogLevel, text: string) => runnerLog.push(`${origin} ${level} ${text}`),
    end: () => undefined,
  };
  const { report } = await runSync({
    sourceConfig: conn.sourceConfig,
    destinationConfig: conn.destinationConfig,
    streams: ["employees"],
    stateDir: conn.stateDir,
    connection: "chaos",
    view,
    connectors: {
      source: wrapped(conn, `${label} source`, "source-hibob", kill?.side === "source" ? kill : undefined),
      destination: wrapped(
        conn,
        `${label} destination`,
        "destination-learners",
        kill?.side === "destination" ? kill : undefined,
      ),
    },
  });
  await writeFile(join(conn.dir, "runner-log.txt"), `${runnerLog.join("\n")}\n`, { flag: "a" });
  return { report, runnerLog };
}

/** A one-line account of a report for failure messages. */
export function describeReport(report: SyncReport): string {
  const failure =
    report.failure === null
      ? ""
      : ` failure ${report.failure.origin}/${String(report.failure.failure_type)}: ${report.failure.message.slice(0, 300)}`;
  return `${report.status}, learners ${JSON.stringify(report.learners)}, checkpoints ${report.state.checkpoints}${failure}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The token scan

interface WrapperSummary {
  readonly label: string;
  readonly summary?: {
    readonly stdout: number;
    readonly stderr: number;
    readonly hits: readonly { stream: string; line: string }[];
  };
}

export interface ScanResult {
  readonly files: number;
  readonly processes: number;
  readonly linesScanned: number;
  readonly leaks: readonly string[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * Every file under `dir` (state, catalogs, JSON and HTML reports, run history, the runner's log, the lines of
 * every process) searched for every secret, plus the wrappers' own scans of every stdout and stderr line.
 */
export async function scanForSecrets(dir: string): Promise<ScanResult> {
  const leaks: string[] = [];
  let processes = 0;
  let linesScanned = 0;
  // The configs hold the secrets by design; the learner directories hold learner data only.
  const files = (await filesUnder(dir)).filter(
    (file) => !/(source|destination)\.json$/.test(file) && !file.endsWith(".db"),
  );
  for (const file of files) {
    if ((await stat(file)).size > 200_000_000) throw new Error(`${file} is too large to scan`);
    const text = await readFile(file, "utf8");
    for (const secret of SECRETS) if (text.includes(secret)) leaks.push(`${file} contains a secret`);
    if (!file.endsWith("process-lines.jsonl")) continue;
    for (const line of text.split("\n")) {
      if (!line.startsWith('{"label"') || !line.includes('"summary"')) continue;
      const entry = JSON.parse(line) as WrapperSummary;
      if (entry.summary === undefined) continue;
      processes += 1;
      linesScanned += entry.summary.stdout + entry.summary.stderr;
      for (const hit of entry.summary.hits) leaks.push(`${entry.label} ${hit.stream}: ${hit.line}`);
    }
  }
  return { files: files.length, processes, linesScanned, leaks };
}

// ---------------------------------------------------------------------------------------------------------------
// Fault runs

/** A company (re-created from its seed for every run, so runs can go side by side) and its clean result. */
export interface Company {
  readonly options: CompanyOptions;
  readonly kind: TargetKind;
  readonly batchSize: number;
  readonly courses: boolean;
  readonly clean: readonly Held[];
}

export interface CompanyOptions {
  readonly employees: number;
  readonly seed: number;
  readonly kind: TargetKind;
  readonly batchSize: number;
  readonly courses: boolean;
  readonly rateLimits: boolean;
}

export async function company(dir: string, options: CompanyOptions): Promise<Company> {
  const bob = await startBob(options);
  const target = await startTarget(options.kind, dir, `clean-${options.seed}`);
  try {
    const conn = await connection(dir, `clean-${options.seed}`, { bob, target, ...options });
    const run = await sync(conn, "clean");
    if (run.report.status !== "succeeded")
      throw new Error(`seed ${options.seed}: the clean run failed: ${describeReport(run.report)}`);
    const clean = heldLearners(target);
    if (clean.length < options.employees / 2)
      throw new Error(`seed ${options.seed}: only ${clean.length} learners`);
    return { options, kind: options.kind, batchSize: options.batchSize, courses: options.courses, clean };
  } finally {
    await Promise.all([target.close(), bob.emulator.close()]);
  }
}

export interface Chaos {
  readonly bob: Bob;
  readonly target: Target;
}

export interface FaultRun {
  readonly name: string;
  readonly seed: number;
  /** Injects the faults; returns what to print about them. */
  arm(chaos: Chaos): unknown;
  /** Failure types a run may end with (after retries are exhausted, an HTML page, bad credentials). */
  readonly mayFailWith: readonly string[];
  /** The schedule cannot be survived: the run must fail (with one of `mayFailWith`). */
  readonly mustFail?: boolean;
  readonly badToken?: "source" | "destination";
}

export interface FaultOutcome {
  readonly first: SyncReport;
  readonly rerun: SyncReport | null;
  readonly problems: readonly string[];
  readonly message: string;
}

/**
 * One seeded fault run: a fresh target, the sync under the fault schedule, then (if it failed) the faults off and
 * a re-run from the saved state. The problems list everything that differs from the company's clean run.
 */
export async function faultRun(dir: string, of: Company, run: FaultRun): Promise<FaultOutcome> {
  const name = `${run.name}-${run.seed}`;
  const [bob, target] = await Promise.all([startBob(of.options), startTarget(of.kind, dir, name)]);
  try {
    const options = { bob, target, batchSize: of.batchSize, courses: of.courses };
    const conn = await connection(dir, name, {
      ...options,
      ...(run.badToken === undefined ? {} : { badToken: run.badToken }),
    });
    const schedule = run.arm({ bob, target });
    let first: SyncReport;
    try {
      first = (await sync(conn, "chaos")).report;
    } finally {
      bob.emulator.clearFaults();
      bob.lockout(false);
      target.scim?.setFaults([]);
      target.scim?.setRateLimit(undefined);
      target.llama?.setFaults([]);
      target.llama?.setRateLimit(undefined);
    }
    const problems: string[] = [];
    let rerun: SyncReport | null = null;
    if (first.status === "failed") {
      const type = String(first.failure?.failure_type ?? null);
      if (!run.mayFailWith.includes(type))
        problems.push(
          `failed with ${type}, expected success or one of ${run.mayFailWith.join(", ") || "none"}`,
        );
      await configure(conn, options);
      rerun = (await sync(conn, "rerun")).report;
      if (rerun.status !== "succeeded")
        problems.push(`the re-run without faults failed: ${describeReport(rerun)}`);
    } else if (run.mustFail === true) {
      problems.push("succeeded although the schedule cannot be survived");
    }
    const held = heldLearners(target);
    const diff = learnerDiff(of.clean, held);
    problems.push(...diff.slice(0, 5), ...(diff.length > 5 ? [`… and ${diff.length - 5} more`] : []));
    problems.push(...duplicates(held));
    const message =
      `replay with CHAOS_SEED=${BASE_SEED}; run ${run.name}, seed ${run.seed}, schedule ${JSON.stringify(schedule)}; ` +
      `chaos run: ${describeReport(first)}${rerun === null ? "" : `; re-run: ${describeReport(rerun)}`}`;
    return { first, rerun, problems, message };
  } finally {
    await Promise.all([target.close(), bob.emulator.close()]);
  }
}
