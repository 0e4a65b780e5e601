import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runHibobLearners } from "./cli.js";

/** A RunnerIo whose two streams are kept as text. */
function io() {
  const text = { stdout: "", stderr: "" };
  const stream = (name: keyof typeof text) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text[name] += chunk.toString();
        done();
      },
    });
  return { text, io: { stdout: stream("stdout"), stderr: stream("stderr") } };
}

const HOSTILE = "x\x1b[2J\r\u202e\u2028y";
// Everything the runner prints is text for a terminal: no control, bidi or invisible characters but newlines.
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const unsafe = (text: string): boolean => UNSAFE.test(text.replaceAll("\n", ""));

describe("hibob-learners error lines", () => {
  it.each([
    ["an unknown command", [HOSTILE], "unknown command 'x [2J y'", 2],
    ["an unknown flag", ["sync", `--${HOSTILE}`], "Unknown option '--x [2J y'", 2],
    [
      "a cron expression that is not one",
      ["schedule", "--cron", HOSTILE, "--source-config", "s.json", "--destination-config", "d.json"],
      '--cron "x [2J y" is not valid',
      2,
    ],
  ])("neutralise what %s carries", async (_name, argv, shown, code) => {
    const { text, io: streams } = io();
    expect(await runHibobLearners(argv, streams)).toBe(code);
    expect(text.stderr).toContain(shown);
    expect(unsafe(text.stderr)).toBe(false);
  });
});
