import { PassThrough } from "node:stream";
import { Emitter } from "../../src/protocol/index.js";
import type { AirbyteMessage } from "../../src/protocol/index.js";

/** An emitter writing into memory, and the messages it wrote so far. */
export function captureEmitter(now: () => number = Date.now): {
  emitter: Emitter;
  output: () => string;
  messages: () => AirbyteMessage[];
} {
  const out = new PassThrough();
  let text = "";
  out.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const emitter = new Emitter(out, undefined, { now, chunkSize: 1 });
  return {
    emitter,
    output: () => text,
    messages: () => parseLines(text),
  };
}

export function parseLines(text: string): AirbyteMessage[] {
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as AirbyteMessage);
}
