import { access } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or another one named by CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless Chromium driven by playwright-core. A machine without it fails the suite with the fix, never skips it:
 * CI installs it, so a missing browser here is a setup to fix, not a test to leave out.
 */
export async function launchChromium(): Promise<Browser> {
  try {
    await access(CHROMIUM);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the console's browser tests need it. Install Debian's package ` +
        "(`apt-get install chromium`, as .ci/run does) or set CHROMIUM_PATH.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root in CI there is no sandbox; with no network, background fetches only fail and slow the start.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}
