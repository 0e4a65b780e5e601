import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { freshDist } from "./fresh-dist.js";
import { REPO_ROOT } from "./spawn.js";

export interface ConsoleProcess {
  /** The printed URL, with the access token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Everything it wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code once it has stopped. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built `hibob-learners <args>` (console, or demo --console) and resolves once it has printed its URL
 * on a line of its own: the way a person starts it.
 */
export async function startConsoleProcess(
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<ConsoleProcess> {
  await freshDist();
  const child: ChildProcess = spawn(process.execPath, ["dist/bin/hibob-learners.js", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      resolve(code);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`hibob-learners ${args.join(" ")} printed no URL in ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^(http:\/\/\S+)$/m.exec(out)?.[1];
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`hibob-learners ${args.join(" ")} exited (${String(code)}) before printing a URL: ${err}`),
      );
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get("token") ?? "",
    stdout: () => out,
    stderr: () => err,
    stop: async (signal = "SIGINT") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
