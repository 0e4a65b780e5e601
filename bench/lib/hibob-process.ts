import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { DayOptions, DaySummary } from "@hibob-learners/hibob-emulator";

export const BENCH_USER = { id: "bench", token: "bench-emulator-token" } as const;

const RUNNER = fileURLToPath(new URL("../../dist/bin/hibob-learners.js", import.meta.url));

export interface HibobProcess {
  /** The API base URL, `http://127.0.0.1:PORT/v1`. */
  readonly baseUrl: string;
  passDays(options: DayOptions): Promise<DaySummary>;
  stop(): Promise<void>;
}

/**
 * The HiBob emulator in its own process (`hibob-learners emulate`), so generating and serving a large company
 * neither uses the measured process's CPU nor shows in the bench process's memory. Rate limits are off: the
 * bench measures the client, not Bob's quota.
 */
export async function startHibobProcess(employees: number, seed = 42): Promise<HibobProcess> {
  const child = spawn(
    process.execPath,
    [
      RUNNER,
      "emulate",
      "--no-rate-limits",
      ...["--employees", String(employees), "--seed", String(seed), "--port", "0"],
      ...["--scope-include", "terminated"],
      ...["--service-user-id", BENCH_USER.id, "--service-user-token", BENCH_USER.token],
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    stderr += text;
  });
  child.stdout.setEncoding("utf8");
  // The emulator prints its base URL on stdout once it is listening.
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (text: string) => {
      out += text;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => {
      reject(new Error(`the HiBob emulator exited ${String(code)}: ${stderr}`));
    });
  });
  const adminUrl = baseUrl.replace(/\/v1$/, "/_emulator");
  return {
    baseUrl,
    async passDays(options) {
      const response = await fetch(`${adminUrl}/day`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(options),
      });
      if (!response.ok) throw new Error(`POST /_emulator/day answered ${String(response.status)}`);
      return (await response.json()) as DaySummary;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
