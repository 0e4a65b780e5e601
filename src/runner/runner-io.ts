import type { Writable } from "node:stream";

/** The runner's own output: reports on stdout, progress and logs on stderr. */
export interface RunnerIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { readonly isTTY?: boolean };
}
