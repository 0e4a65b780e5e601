// What an `npm ci` installs, worked out from package-lock.json: the packages reachable from the roots it was
// asked to install, found the way node finds them (nested node_modules first, then further up).

export interface LockEntry {
  readonly name?: string;
  readonly link?: boolean;
  readonly resolved?: string;
  readonly workspaces?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { optional?: boolean }>>;
}

export interface Lockfile {
  readonly packages: Readonly<Record<string, LockEntry | undefined>>;
}

export interface InstallOptions {
  readonly omitDev: boolean;
  /** Workspaces named with --workspace, by name or folder; none installs every workspace. */
  readonly workspaces: readonly string[];
  readonly includeRoot: boolean;
  /** Packages a later `rm` takes out of node_modules again. */
  readonly removed: readonly string[];
}

/** The install that a stage's RUN lines make: its last `npm ci`/`npm install`, a later prune and removals. */
export function installOptions(runLines: readonly string[]): InstallOptions | undefined {
  const commands = runLines
    .flatMap((line) => line.split(/&&|;/))
    .map((command) => command.trim().split(/\s+/));
  const installAt = commands.findLastIndex(
    ([tool, verb]) => tool === "npm" && (verb === "ci" || verb === "install"),
  );
  const install = commands[installAt];
  if (install === undefined) return undefined;
  const later = commands.slice(installAt + 1);
  const omits = (args: readonly string[]): boolean =>
    args.includes("--omit=dev") || args.includes("--production") || /--omit\s+dev/.test(args.join(" "));
  const workspaces = install.flatMap((arg, at) => {
    const value = /^--workspace=(.+)$/.exec(arg)?.[1];
    if (value !== undefined) return [value];
    return arg === "--workspace" || arg === "-w" ? [install[at + 1] ?? ""] : [];
  });
  return {
    omitDev:
      omits(install) ||
      later.some(([tool, verb, ...args]) => tool === "npm" && verb === "prune" && omits(args)),
    workspaces,
    includeRoot: workspaces.length === 0 || install.includes("--include-workspace-root"),
    removed: later
      .filter(([tool]) => tool === "rm")
      .flatMap((args) => args.slice(1).filter((arg) => arg.startsWith("node_modules/")))
      .map((path) => path.slice("node_modules/".length).replace(/\/$/, "")),
  };
}

/** Where node finds `name` from the package at `location`, as the lockfile lays node_modules out. */
function resolveFrom(lock: Lockfile, location: string, name: string): string | undefined {
  let dir = location;
  for (;;) {
    const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (dir === "") return undefined;
    const parent = dir.lastIndexOf("/node_modules/");
    dir = parent === -1 ? "" : dir.slice(0, parent);
  }
}

export interface InstalledPackage {
  readonly name: string;
  /** For a workspace link, the repository folder it points to. */
  readonly linkTo?: string;
}

/** Every package an install with these options puts in node_modules (workspace links included). */
export function installedPackages(lock: Lockfile, options: InstallOptions): InstalledPackage[] {
  const root = lock.packages[""];
  const folders = (root?.workspaces ?? []).filter(
    (folder) =>
      options.workspaces.length === 0 ||
      options.workspaces.some((wanted) => wanted === folder || wanted === lock.packages[folder]?.name),
  );
  const tops = [...(options.includeRoot ? [""] : []), ...folders];
  const found = new Map<string, InstalledPackage>();
  // Workspaces selected on the command line are linked into node_modules under their names.
  for (const folder of folders) {
    const name = lock.packages[folder]?.name;
    if (name !== undefined) found.set(`node_modules/${name}`, { name, linkTo: folder });
  }
  const seen = new Set<string>();
  const queue = [...tops];
  for (let location = queue.shift(); location !== undefined; location = queue.shift()) {
    if (seen.has(location)) continue;
    seen.add(location);
    const entry = lock.packages[location];
    if (entry === undefined) continue;
    const name = location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length);
    if (location.includes("node_modules/"))
      found.set(location, entry.link === true ? { name, linkTo: entry.resolved ?? "" } : { name });
    if (entry.link === true) {
      if (entry.resolved !== undefined) queue.push(entry.resolved);
      continue;
    }
    const top = tops.includes(location);
    const optionalPeers = Object.entries(entry.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional === true)
      .map(([peer]) => peer);
    const wanted = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !optionalPeers.includes(peer)),
      ...(top && !options.omitDev ? Object.keys(entry.devDependencies ?? {}) : []),
    ];
    for (const dependency of wanted) {
      const at = resolveFrom(lock, location, dependency);
      if (at !== undefined) queue.push(at);
    }
  }
  return [...found.entries()]
    .filter(([location]) => !options.removed.some((name) => location === `node_modules/${name}`))
    .map(([, installed]) => installed);
}
