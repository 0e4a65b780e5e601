import type * as HibobEmulatorPackage from "@hibob-learners/hibob-emulator";
import type { RunnerIo } from "./runner-io.js";
import { EXIT_FAILED } from "./exit-codes.js";

export type HibobEmulatorModule = typeof HibobEmulatorPackage;

const PACKAGE = "@hibob-learners/hibob-emulator";

/**
 * Runs a command that needs the HiBob emulator, loading it only then: `sync`, `schedule`, `reset` and the
 * connectors never load it, so the connector images need not carry it. Where it is not installed, says so.
 */
export async function withHibobEmulator(
  command: string,
  io: RunnerIo,
  run: (emulator: HibobEmulatorModule) => Promise<number>,
): Promise<number> {
  let emulator: HibobEmulatorModule;
  try {
    emulator = await import("@hibob-learners/hibob-emulator");
  } catch (error) {
    const missing =
      error instanceof Error &&
      (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" &&
      error.message.includes(`'${PACKAGE}'`);
    if (!missing) throw error;
    io.stderr.write(
      `hibob-learners ${command}: the HiBob emulator (${PACKAGE}) is not installed here. The connector images do ` +
        "not carry it; the hibob-learners image and a checkout after `npm ci` do.\n",
    );
    return EXIT_FAILED;
  }
  return run(emulator);
}
