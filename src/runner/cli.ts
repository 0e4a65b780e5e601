import type { Writable } from "node:stream";
import { destinationSpec } from "../destination-learners/destination.js";
import { runEmulate } from "../emulators/hibob/cli.js";
import { sourceSpec } from "../source-hibob/source.js";

export interface RunnerIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

const USAGE = `Usage:
  hibob-learners demo              show what the connectors expect (their specs)
  hibob-learners emulate [flags]   run the HiBob emulator (hibob-learners emulate --help)
  hibob-learners help`;

/** The local runner's command line; returns the exit code. */
export function runHibobLearners(argv: readonly string[], io: RunnerIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "emulate":
      return runEmulate(rest, io);
    case "demo":
      io.stdout.write(
        `${JSON.stringify({ "source-hibob": sourceSpec, "destination-learners": destinationSpec }, null, 2)}\n`,
      );
      return Promise.resolve(0);
    case "help":
    case "--help":
      io.stdout.write(`${USAGE}\n`);
      return Promise.resolve(0);
    default:
      io.stderr.write(
        `hibob-learners: ${command === undefined ? "no command given" : `unknown command '${command}'`}\n${USAGE}\n`,
      );
      return Promise.resolve(2);
  }
}
