import { spawn } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const TIME = "/usr/bin/time";

export interface MeasuredRun {
  readonly wallMs: number;
  /** Peak resident set of the measured process, in MB. */
  readonly peakRssMb: number;
  /** How many times `count` occurred on stdout. */
  readonly matches: number;
  readonly stderr: string;
}

export interface MeasureOptions {
  /** Bytes to count on stdout, e.g. `{"type":"RECORD"` or a newline. */
  readonly count: string;
  /** A file piped to stdin. */
  readonly stdinFile?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `node args…` to completion with stdout drained (and only scanned) by this process. Peak RSS comes from
 * GNU time's `-v` report (the kernel's ru_maxrss of the child, exact); without /usr/bin/time it falls back to
 * polling /proc/<pid>/status VmHWM, the kernel's own high-water mark, so a late peak is still seen.
 */
export async function measureNode(args: readonly string[], options: MeasureOptions): Promise<MeasuredRun> {
  const dir = await mkdtemp(join(tmpdir(), "bench-time-"));
  const report = join(dir, "time.txt");
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ["-v", "-o", report, process.execPath, ...args] : [...args];
  const started = performance.now();
  const child = spawn(command, argv, {
    stdio: [options.stdinFile === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    env: options.env ?? process.env,
  });
  if (options.stdinFile !== undefined && child.stdin !== null)
    createReadStream(options.stdinFile).pipe(child.stdin);
  if (child.stdout === null || child.stderr === null) throw new Error("the measured process has no pipes");
  const needle = Buffer.from(options.count);
  let matches = 0;
  let carry = Buffer.alloc(0);
  child.stdout.on("data", (chunk: Buffer) => {
    // The tail of the last chunk is kept so a match split across chunks is still counted once.
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + needle.length)) matches++;
    carry = Buffer.from(data.subarray(Math.max(0, data.length - needle.length + 1)));
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    stderr = (stderr + text).slice(-20_000);
  });
  let polledKb = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        void readFile(`/proc/${String(child.pid)}/status`, "utf8")
          .then((status) => {
            polledKb = Math.max(polledKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
          })
          .catch(() => undefined);
      }, 50);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  const wallMs = performance.now() - started;
  if (poll !== undefined) clearInterval(poll);
  const timeReport = useTime ? await readFile(report, "utf8").catch(() => "") : "";
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`node ${args.join(" ")} exited ${String(code)}:\n${stderr.slice(-2000)}`);
  const kb = useTime
    ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timeReport)?.[1] ?? 0)
    : polledKb;
  return { wallMs, peakRssMb: kb / 1024, matches, stderr };
}
