import type { LookupFunction } from "node:net";
import { resolve } from "node:path";
import { ConfigError } from "../../protocol/index.js";
import type { DestinationConfig, TargetConfig } from "../config.js";
import { memoryTarget } from "./memory.js";
import { openSqliteTarget, readSqliteSnapshot } from "./sqlite.js";
import type { Target, TargetSnapshot } from "./target.js";

export interface OpenTargetOptions {
  /** Dry run: a target in memory, seeded from what the real one holds; the real one is never written. */
  readonly dryRun?: boolean;
  /** ISO timestamp source, injected for tests. */
  readonly now?: () => string;
  /** Resolves the host of an http target URL (node's dns.lookup signature); injected by tests. */
  readonly lookup?: LookupFunction;
}

/** The target `config.target` names, ready to load and apply plans. */
export async function openTarget(
  config: DestinationConfig,
  options: OpenTargetOptions = {},
): Promise<Target> {
  if (options.dryRun === true) {
    const { snapshot, warnings } = await readSnapshot(config.target, options);
    return memoryTarget(snapshot, warnings);
  }
  return openWritable(config.target, options);
}

/** The HTTP targets are imported when named, so a sqlite sync does not load their HTTP client at start-up. */
export async function openWritable(target: TargetConfig, options: OpenTargetOptions): Promise<Target> {
  switch (target.type) {
    case "sqlite": {
      const path = resolve(target.path);
      try {
        return openSqliteTarget(path, options.now === undefined ? {} : { now: options.now });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ConfigError(`Cannot open the learner directory '${path}' (${reason}). Check target.path.`, {
          cause: error,
        });
      }
    }
    case "scim":
      return (await import("./scim.js")).openScimTarget(target, lookupOf(options));
    case "easyllama":
      return (await import("./easyllama.js")).openEasyLlamaTarget(target, lookupOf(options));
  }
}

function lookupOf(options: OpenTargetOptions): { lookup?: LookupFunction } {
  return options.lookup === undefined ? {} : { lookup: options.lookup };
}

/** What the target holds, read without writing: sqlite reads its file read-only and never creates it. */
async function readSnapshot(
  target: TargetConfig,
  options: OpenTargetOptions,
): Promise<{ snapshot: TargetSnapshot; warnings: readonly string[] }> {
  if (target.type === "sqlite") return { snapshot: readSqliteSnapshot(resolve(target.path)), warnings: [] };
  const live = await openWritable(target, options);
  try {
    const snapshot = await live.load();
    return { snapshot, warnings: live.takeWarnings?.() ?? [] };
  } finally {
    await live.close();
  }
}
