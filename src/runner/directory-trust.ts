import type { DirectoryMark } from "../destination-learners/targets/sqlite.js";

/** Whether a connection's saved state still describes its learner directory, and if not, why. */
export type DirectoryTrust =
  { readonly trusted: true } | { readonly trusted: false; readonly reason: string };

/**
 * A saved state is about the directory the last sync wrote: the mark remembered after it (`remembered`) must
 * still be on the file (`found`: its mark, null when it has none, "gone" when there is no file). A file that is
 * gone, another file, or a backup of an earlier write session (a lower generation) lacks what the state says was
 * written; so does a state that no sync into a marked directory left (copied from elsewhere, or saved by an
 * earlier version).
 */
export function directoryTrust(
  path: string,
  remembered: DirectoryMark | undefined,
  found: DirectoryMark | null | "gone",
): DirectoryTrust {
  if (found === "gone") return { trusted: false, reason: `the learner directory ${path} is gone` };
  if (found === null) {
    return {
      trusted: false,
      reason: `the learner directory ${path} carries no mark of a sync (an earlier version's, or not a directory)`,
    };
  }
  if (remembered === undefined) {
    return {
      trusted: false,
      reason: `no sync of this connection has recorded writing the learner directory ${path}`,
    };
  }
  if (found.id !== remembered.id) {
    return { trusted: false, reason: `the learner directory ${path} was replaced by another one` };
  }
  if (found.generation < remembered.generation) {
    return {
      trusted: false,
      reason:
        `the learner directory ${path} is older than the last sync left it (write session ` +
        `${found.generation} of ${remembered.generation}: restored from a backup?)`,
    };
  }
  return { trusted: true };
}
