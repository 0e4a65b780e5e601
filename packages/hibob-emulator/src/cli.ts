// `hibob-learners emulate ...`: runs the emulator until SIGINT/SIGTERM. stdout gets one line, the base URL, when
// the emulator is ready (scripts read it); everything else goes to stderr.

import { parseArgs } from "node:util";
import { isIsoDate } from "./dates.js";
import type { FaultRule } from "./faults.js";
import { parseFaultRule } from "./faults.js";
import { MAX_EMPLOYEES } from "./generator.js";
import { startHibobEmulator } from "./emulator.js";
import type { ScopeOptions, ServiceUserOptions } from "./permissions.js";
import { ALL_PERMISSIONS } from "./permissions.js";
import type { EndpointKey } from "./rate-limit.js";
import { isEndpointKey } from "./rate-limit.js";

export const EMULATE_USAGE = `Usage: hibob-learners emulate [options]

Runs a HiBob API emulator on 127.0.0.1 and prints its base URL when ready.

  --port N                 port (default 4010; 0 picks a free one)
  --host HOST              interface (default 127.0.0.1)
  --employees N            company size, 0-${MAX_EMPLOYEES} (default 1000)
  --seed N                 seed of the generated company (default 42)
  --today YYYY-MM-DD       business date (default: today, UTC)
  --service-user-id ID     Basic auth user (default emulator)
  --service-user-token T   Basic auth password (default emulator-token)
  --permissions LIST       categories the service user may read, comma-separated (default all)
  --scope-include LIST     widen "Access data for": terminated (hidden by default)
  --scope-exclude LIST     narrow it: hired, leave; inactive (Bob's "Everyone": active people only)
  --rate-limit EP=N        per-minute limit of an endpoint (repeatable), e.g. people.search=50
  --no-rate-limits         no limits and no X-RateLimit headers (benchmarks)
  --no-firewall            never block credentials after repeated 401/403
  --fault EP:KIND[:COUNT]  start with a fault (repeatable), e.g. people.search:503:3 or *:slow
  -h, --help               show this help
`;

export interface EmulateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

class UsageError extends Error {}

/** A whole-number flag within bounds, or its fallback when absent; shared with the runner's own commands. */
export function integer(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

function list(raw: string | undefined): string[] {
  return raw === undefined
    ? []
    : raw
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}

function scopeFrom(include: string[], exclude: string[]): ScopeOptions {
  const scope: ScopeOptions = {};
  for (const [names, value] of [
    [include, true],
    [exclude, false],
  ] as const) {
    for (const name of names) {
      // Excluding `inactive` is Bob's "Everyone": active people only, some of those on leave hidden too.
      if (name === "inactive" && !value) {
        scope.activeOnly = true;
        continue;
      }
      if (name !== "terminated" && name !== "hired" && name !== "leave") {
        throw new UsageError(`unknown scope ${name}: use terminated, hired or leave (or exclude inactive)`);
      }
      scope[name] = value;
    }
  }
  return scope;
}

function rateLimitsFrom(values: readonly string[]): Partial<Record<EndpointKey, number>> {
  const limits: Partial<Record<EndpointKey, number>> = {};
  for (const value of values) {
    const [endpoint = "", raw] = value.split("=");
    if (!isEndpointKey(endpoint)) throw new UsageError(`unknown endpoint in --rate-limit ${value}`);
    limits[endpoint] = integer(raw ?? "", "rate-limit", 1, 1_000_000, 0);
  }
  return limits;
}

function faultsFrom(values: readonly string[]): FaultRule[] {
  return values.map((value) => {
    const [endpoint, kind, count] = value.split(":");
    const rule = parseFaultRule({ endpoint, kind, ...(count === undefined ? {} : { count: Number(count) }) });
    if (typeof rule === "string") throw new UsageError(`--fault ${value}: ${rule}`);
    return rule;
  });
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (signal?.aborted === true) stop();
    else signal?.addEventListener("abort", stop);
  });
}

/**
 * Runs the emulator; resolves with the exit code once it has been stopped by SIGINT/SIGTERM (or `control.signal`,
 * for tests). Invalid flags print a message and resolve 2.
 */
export async function runEmulate(
  argv: readonly string[],
  io: EmulateIo,
  control: { signal?: AbortSignal } = {},
): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        employees: { type: "string" },
        seed: { type: "string" },
        today: { type: "string" },
        "service-user-id": { type: "string" },
        "service-user-token": { type: "string" },
        permissions: { type: "string" },
        "scope-include": { type: "string" },
        "scope-exclude": { type: "string" },
        "rate-limit": { type: "string", multiple: true },
        "no-rate-limits": { type: "boolean" },
        "no-firewall": { type: "boolean" },
        fault: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help === true) {
      io.stdout.write(EMULATE_USAGE);
      return 0;
    }
    if (values.today !== undefined && !isIsoDate(values.today))
      throw new UsageError("--today must be YYYY-MM-DD");
    const permissions =
      values.permissions === undefined || values.permissions === "all" ? "all" : list(values.permissions);
    if (permissions !== "all") {
      const unknown = permissions.filter((p) => !ALL_PERMISSIONS.includes(p));
      if (unknown.length > 0)
        throw new UsageError(
          `unknown permissions: ${unknown.join(", ")}; known: ${ALL_PERMISSIONS.join(", ")}`,
        );
    }
    const user: ServiceUserOptions = {
      id: values["service-user-id"] ?? "emulator",
      token: values["service-user-token"] ?? "emulator-token",
      permissions,
      scope: scopeFrom(list(values["scope-include"]), list(values["scope-exclude"])),
    };
    options = {
      port: integer(values.port, "port", 0, 65_535, 4010),
      host: values.host ?? "127.0.0.1",
      employees: integer(values.employees, "employees", 0, MAX_EMPLOYEES, 1000),
      seed: integer(values.seed, "seed", 0, 4_294_967_295, 42),
      ...(values.today === undefined ? {} : { today: values.today }),
      serviceUsers: [user],
      rateLimits:
        values["no-rate-limits"] === true ? (false as const) : rateLimitsFrom(values["rate-limit"] ?? []),
      ...(values["no-firewall"] === true ? { firewall: false as const } : {}),
      faults: faultsFrom(values.fault ?? []),
    };
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${EMULATE_USAGE}`);
    return 2;
  }
  let emulator;
  try {
    emulator = await startHibobEmulator(options);
  } catch (error) {
    io.stderr.write(`emulate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const c = emulator.company;
  io.stderr.write(
    `HiBob emulator: ${c.employees.length} employees (seed ${options.seed}, business date ${c.today}) ` +
      `generated in ${Math.round(emulator.state.stats.generationMs)} ms; service user ${options.serviceUsers[0]?.id ?? ""}; ` +
      `admin API ${emulator.adminUrl}\n`,
  );
  io.stdout.write(`${emulator.baseUrl}\n`);
  await waitForStop(control.signal);
  await emulator.close();
  io.stderr.write("HiBob emulator stopped\n");
  return 0;
}
