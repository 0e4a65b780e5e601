import type { Connector } from "./connector.js";
import { Emitter } from "./emitter.js";
import { errorTrace } from "./errors.js";
import { EXIT_FAILED, runConnector } from "./cli.js";

/**
 * The process edge of a connector bin: real stdio, and a last guard so that even an error nobody caught
 * leaves as a redacted TRACE ERROR instead of a raw stack trace on stderr.
 */
export async function main<Config>(connector: Connector<Config>): Promise<void> {
  const emitter = new Emitter(process.stdout);
  const fail = (error: unknown): void => {
    process.exitCode = EXIT_FAILED;
    void emitter
      .error(errorTrace(error))
      .catch(() => undefined)
      .finally(() => process.exit(EXIT_FAILED));
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  // A reader that goes away (EPIPE) ends the run; the emitter already rejects the pending write.
  process.stdout.on("error", () => {
    process.exitCode = EXIT_FAILED;
  });
  process.exitCode = await runConnector(
    connector,
    process.argv.slice(2),
    { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
    emitter,
  );
}
