import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freshDist } from "./fresh-dist.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion, feeding `input` on stdin; never rejects on a non-zero exit. */
export function runProcess(
  command: string,
  args: readonly string[],
  input = "",
  env: NodeJS.ProcessEnv = process.env,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** Runs a built bin (`npm run build` first) the way the platform does: `node dist/bin/<name>.js …`. */
export async function runBin(name: string, args: readonly string[], input = ""): Promise<Finished> {
  await freshDist();
  return runProcess(process.execPath, [`dist/bin/${name}.js`, ...args], input);
}

/**
 * Starts a built bin, feeds it `input` while keeping stdin open (as mid-sync), and kills it with SIGKILL as soon
 * as it has echoed a STATE: a crash right after the platform saved a checkpoint.
 */
export async function killAfterFirstState(
  name: string,
  args: readonly string[],
  input: string,
): Promise<{ readonly signal: NodeJS.Signals | null; readonly stdout: string }> {
  await freshDist();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`dist/bin/${name}.js`, ...args], {
      cwd: REPO_ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"type":"STATE"')) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      resolve({ signal, stdout });
    });
    child.stdin.write(input);
  });
}
