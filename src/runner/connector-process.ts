import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { AirbyteMessage } from "../protocol/index.js";
import { parseMessageLine } from "../protocol/index.js";

export type ConnectorName = "source-hibob" | "destination-learners";

/** How to start a connector: the platform runs its image's entrypoint, the runner the package's own bin. */
export interface ConnectorCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** The built bin beside this module (dist/runner → dist/bin; from src/ it is the build's too). */
export function connectorCommand(name: ConnectorName): ConnectorCommand {
  return {
    command: process.execPath,
    args: [fileURLToPath(new URL(`../../dist/bin/${name}.js`, import.meta.url))],
  };
}

export function startConnector(
  connector: ConnectorCommand,
  args: readonly string[],
  stdin: "pipe" | "ignore",
): ChildProcess & { stdout: Readable; stderr: Readable } {
  const child = spawn(connector.command, [...connector.args, ...args], { stdio: [stdin, "pipe", "pipe"] });
  return child as ChildProcess & { stdout: Readable; stderr: Readable };
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Resolves once the process has exited and its output streams are closed. */
export function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      resolve({ code, signal });
    });
  });
}

/** Calls `onLine` for each complete line of a stream, without holding more than one partial line. */
export function eachLine(stream: Readable, onLine: (line: string) => void): void {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line !== "") onLine(line);
  });
  stream.on("end", () => {
    if (partial !== "") onLine(partial);
    partial = "";
  });
}

/** The message a line of a connector's stdout carries, or null for a line that is none. */
export function messageOf(line: string): AirbyteMessage | null {
  const result = parseMessageLine(line);
  return "message" in result ? result.message : null;
}

/** The last lines a process wrote on stderr, for a failure message when it died without saying why. */
export function stderrTail(limit = 20): { add(line: string): void; text(): string } {
  const kept: string[] = [];
  return {
    add(line) {
      kept.push(line);
      if (kept.length > limit) kept.shift();
    },
    text: () => kept.join("\n"),
  };
}
