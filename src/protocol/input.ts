import type { Readable } from "node:stream";
import { createInterface } from "node:readline";
import type { Emitter } from "./emitter.js";
import { AirbyteMessage } from "./messages.js";

const PREVIEW_LENGTH = 120;

function preview(line: string): string {
  return line.length > PREVIEW_LENGTH ? `${line.slice(0, PREVIEW_LENGTH)}…` : line;
}

/** One line of a message stream: the message, or what is wrong with the line. */
export function parseMessageLine(line: string): { message: AirbyteMessage } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { problem: "is not JSON" };
  }
  const parsed = AirbyteMessage.safeParse(json);
  if (parsed.success) return { message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
  return { problem: `is not an Airbyte message (${issue?.message ?? "invalid"}${where})` };
}

/**
 * The messages a destination receives on stdin, one JSON per line. A line that cannot be a message is logged
 * with its number and skipped: one bad line must not cost the rest of the sync.
 */
export async function* readMessages(input: Readable, emitter: Emitter): AsyncGenerator<AirbyteMessage> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === "") {
      await emitter.log("DEBUG", `Skipped blank input line ${lineNumber}.`);
      continue;
    }
    const result = parseMessageLine(line);
    if ("message" in result) {
      yield result.message;
    } else {
      await emitter.log("WARN", `Skipped input line ${lineNumber}: it ${result.problem}: ${preview(line)}`);
    }
  }
}
