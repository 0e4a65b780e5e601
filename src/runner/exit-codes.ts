// What `hibob-learners` exits with, for scripts and schedulers that act on it. The README's table of exit codes
// is checked against these (test/readme.test.ts), so the two cannot drift apart.

/** The command did what it was asked: a sync or dry run succeeded, a reset reset, a schedule stopped on a signal. */
export const EXIT_OK = 0;
/** A sync ran and failed (its report says where and why), or a command could not do its work. */
export const EXIT_FAILED = 1;
/** The command line cannot be run (an unknown command, flag or value), or the state directory is unusable. */
export const EXIT_USAGE = 2;

export const RUNNER_EXIT_CODES = { ok: EXIT_OK, failed: EXIT_FAILED, usage: EXIT_USAGE } as const;
