import { readdir, readFile } from "node:fs/promises";
import { join, posix, sep } from "node:path";
import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROTOCOL_VERSION } from "../src/project.js";
import { DestinationConfig } from "../src/destination-learners/config.js";
import { destinationSpec } from "../src/destination-learners/destination.js";
import { SourceConfig } from "../src/source-hibob/config.js";
import { sourceSpec } from "../src/source-hibob/source.js";
import { inherited, stages, type Stage } from "./helpers/dockerfile.js";
import { REPO_ROOT } from "./helpers/spawn.js";

// No Docker engine runs the images here, so the files are checked against each other and the code.

function label(all: readonly Stage[], stage: Stage, key: string): string | undefined {
  const pattern = new RegExp(`${key.replace(/\./g, "\\.")}="([^"]*)"`);
  return inherited(all, stage, "LABEL")
    .map((line) => pattern.exec(line)?.[1])
    .filter((value) => value !== undefined)
    .at(-1);
}

interface Metadata {
  metadataSpecVersion: string;
  data: Record<string, unknown> & { allowedHosts?: { hosts?: string[] } };
}

const CONNECTORS = [
  { name: "source-hibob", title: "HiBob", spec: sourceSpec, type: "source" },
  {
    name: "destination-learners",
    title: "Learners (SQLite, SCIM 2.0, EasyLlama)",
    spec: destinationSpec,
    type: "destination",
  },
] as const;

describe("packaging for the platform", async () => {
  const all = stages(await readFile(join(REPO_ROOT, "Dockerfile"), "utf8"));
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    license: string;
    bin: Record<string, string>;
  };

  it.each(CONNECTORS)(
    "$name: the image, its metadata and the code agree",
    async ({ name, title, spec, type }) => {
      const metadata = parse(await readFile(join(REPO_ROOT, "metadata", `${name}.yaml`), "utf8")) as Metadata;
      const { data } = metadata;
      expect(metadata.metadataSpecVersion).toBe("1.0");
      expect(data).toMatchObject({
        name: title,
        dockerRepository: `hibob-learners/${name}`,
        license: pkg.license,
        githubIssueLabel: name,
        connectorSubtype: "api",
        releaseStage: "alpha",
      });
      expect(data.definitionId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(data.connectorType).toBe(type);
      expect(data.dockerImageTag).toBe(pkg.version);
      expect(data.documentationUrl).toBe(spec.documentationUrl);
      expect(data.protocolVersion).toBe(PROTOCOL_VERSION);

      const stage = all.find((candidate) => candidate.name === name);
      if (stage === undefined) throw new Error(`Dockerfile has no target ${name}`);
      expect(label(all, stage, "io.airbyte.name")).toBe(data.dockerRepository);
      expect(label(all, stage, "io.airbyte.version")).toBe(data.dockerImageTag);

      const [entrypoint] = inherited(all, stage, "ENTRYPOINT").slice(-1);
      const argv = JSON.parse(entrypoint ?? "[]") as string[];
      const env = inherited(all, stage, "ENV").join(" ");
      expect(env).toContain(`AIRBYTE_ENTRYPOINT="${argv.join(" ")}"`);
      // Absolute paths, and the script is the package's own bin for this connector.
      expect(argv.every((part) => !part.includes("/") || part.startsWith("/"))).toBe(true);
      expect(argv.at(-1)).toBe(`/app/${pkg.bin[name] ?? "missing"}`);
      expect(inherited(all, stage, "USER").at(-1)).toBe("airbyte");
      expect(inherited(all, stage, "WORKDIR").at(-1)).toBe("/airbyte");
    },
  );

  it("the source may reach Bob's production and sandbox hosts", async () => {
    const { data } = parse(
      await readFile(join(REPO_ROOT, "metadata", "source-hibob.yaml"), "utf8"),
    ) as Metadata;
    expect(data.allowedHosts?.hosts).toEqual(
      expect.arrayContaining(["api.hibob.com", "api.sandbox.hibob.com"]),
    );
  });

  it("the destination declares data activation, which its discover serves", async () => {
    const { data } = parse(
      await readFile(join(REPO_ROOT, "metadata", "destination-learners.yaml"), "utf8"),
    ) as Metadata;
    expect(data.supportsDataActivation).toBe(true);
  });

  it("runs on a Node LTS image as a non-root user", () => {
    const runtime = all.find((stage) => stage.name === "runtime");
    expect(runtime?.from).toMatch(/^node:(20|22|24)-/);
    expect(runtime?.lines.join("\n")).toMatch(/useradd .*airbyte/);
    expect(runtime?.lines.join("\n")).toMatch(/chown airbyte:airbyte \/airbyte/);
  });
});

interface ComposeService {
  build?: string | { context?: string; target?: string };
  command?: string | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  network_mode?: string;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string | string[] };
}

interface Compose {
  version?: unknown;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** A command as the container gets it: a list as is, a string split like a shell, `${VAR:-default}` as its default. */
function commandArgs(command: string | string[] | undefined): string[] {
  const args =
    command === undefined
      ? []
      : Array.isArray(command)
        ? command
        : [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
  return args.map((arg) => arg.replace(/\$\{\w+:-([^}]*)\}/g, "$1"));
}

function targetOf(service: ComposeService): string | undefined {
  return typeof service.build === "object" ? service.build.target : undefined;
}

function flag(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

/** A short-syntax volume: `source:target[:mode]`. */
function mounts(service: ComposeService): { source: string; target: string; mode: string | undefined }[] {
  return (service.volumes ?? []).map((volume) => {
    const [source = "", target = "", mode] = volume.split(":");
    return { source, target, mode };
  });
}

/** Where a container path lives: the mount holding it and the path inside the mount's source. */
function mountOf(service: ComposeService, path: string) {
  const mount = mounts(service).find(({ target }) => path.startsWith(`${target}/`));
  return mount === undefined ? undefined : { ...mount, inside: path.slice(mount.target.length + 1) };
}

/** Whether .dockerignore keeps a path (relative to the build context) out of the context. */
function ignored(patterns: readonly string[], path: string): boolean {
  let result = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const pattern = posix.normalize((negated ? raw.slice(1) : raw).replace(/^\//, ""));
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*/g, "\0")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")
        .replaceAll("\0", ".*")}(/.*)?$`,
    );
    if (regex.test(path)) result = !negated;
  }
  return result;
}

describe("docker compose for local trials", async () => {
  const dockerfile = await readFile(join(REPO_ROOT, "Dockerfile"), "utf8");
  const all = stages(dockerfile);
  const compose = parse(await readFile(join(REPO_ROOT, "docker-compose.yml"), "utf8")) as Compose;
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    bin: Record<string, string>;
  };
  const service = (name: string): ComposeService => {
    const found = compose.services[name];
    if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
    return found;
  };
  const hibob = service("hibob");
  const sync = service("sync");
  const hibobArgs = commandArgs(hibob.command);
  const syncArgs = commandArgs(sync.command);

  /** The file a config flag of the sync names, read on this machine through the volume that holds it. */
  async function configFile(option: string): Promise<{ hostPath: string; json: unknown }> {
    const path = flag(syncArgs, option);
    if (path === undefined) throw new Error(`sync has no ${option}`);
    const mount = mountOf(sync, path);
    if (mount === undefined) throw new Error(`${path} is on no volume of sync`);
    expect(mount.source, `${path} comes from the repository`).toMatch(/^\.\//);
    const hostPath = posix.join(mount.source, mount.inside);
    const json: unknown = JSON.parse(await readFile(join(REPO_ROOT, hostPath), "utf8"));
    return { hostPath, json };
  }

  it("follows the Compose specification, without the obsolete version key", () => {
    expect(compose.version).toBeUndefined();
    expect(Object.keys(compose.services).sort()).toEqual(["hibob", "sync"]);
  });

  it.each(["hibob", "sync"])("%s is built from a stage of this repository's Dockerfile", (name) => {
    const { build } = service(name);
    expect(typeof build === "object" ? build.context : build).toBe(".");
    expect(all.map((stage) => stage.name)).toContain(targetOf(service(name)));
  });

  it("hibob runs the emulator, reachable and checked for health without curl", () => {
    expect(hibobArgs[0]).toBe("emulate");
    expect(flag(hibobArgs, "--host")).toBe("0.0.0.0");
    expect(flag(hibobArgs, "--scope-include")).toBe("terminated");
    const port = flag(hibobArgs, "--port");
    expect(port).toMatch(/^\d+$/);
    const test = hibob.healthcheck?.test;
    expect(Array.isArray(test) ? test.slice(0, 2) : test).toEqual(["CMD", "node"]);
    // The admin API needs no credentials and counts toward no rate limit.
    expect((Array.isArray(test) ? test : []).join(" ")).toContain(
      `http://127.0.0.1:${port ?? ""}/_emulator/`,
    );
    // Published on the host's loopback only: the admin API has no auth.
    for (const published of hibob.ports ?? []) expect(published).toMatch(/^127\.0\.0\.1:/);
  });

  it("sync runs the runner on a cron schedule once the emulator is healthy", () => {
    expect(syncArgs[0]).toBe("schedule");
    const cron = flag(syncArgs, "--cron");
    if (cron === undefined) throw new Error("sync has no --cron");
    expect(() => new Cron(cron, { paused: true })).not.toThrow();
    expect(sync.depends_on).toEqual({ hibob: { condition: "service_healthy" } });
  });

  it.each([
    { option: "--source-config", schema: SourceConfig },
    { option: "--destination-config", schema: DestinationConfig },
  ])(
    "$option names a file under docker/config, mounted read-only, that the connector accepts",
    async ({ option, schema }) => {
      const { hostPath, json } = await configFile(option);
      expect(hostPath).toMatch(/^docker\/config\/[^/]+\.json$/);
      expect(mountOf(sync, flag(syncArgs, option) ?? "")?.mode).toBe("ro");
      const parsed = schema.safeParse(json);
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it("the source's api_url reaches the hibob service", async () => {
    const config = SourceConfig.parse((await configFile("--source-config")).json);
    const url = new URL(config.api_url);
    expect(url.pathname).toBe("/v1");
    expect(url.port).toBe(flag(hibobArgs, "--port"));
    // The source takes plain http only to a loopback address (http://hibob:4010 resolves to another container and
    // is refused when the source connects), so the sync shares the emulator's network namespace and finds it on
    // 127.0.0.1.
    expect(url.hostname).toBe("127.0.0.1");
    expect(sync.network_mode).toBe("service:hibob");
  });

  it("the learner directory and the runner's state are kept in a named volume that airbyte may write", async () => {
    const { target } = DestinationConfig.parse((await configFile("--destination-config")).json);
    if (target.type !== "sqlite") throw new Error("the trial writes the embedded learner directory");
    const stage = all.find((candidate) => candidate.name === targetOf(sync));
    const setup = (stage?.lines ?? []).join("\n");
    for (const path of [target.path, flag(syncArgs, "--state-dir") ?? "missing"]) {
      const mount = mountOf(sync, path);
      expect(mount?.source, path).toMatch(/^[a-z][\w-]*$/);
      expect(Object.keys(compose.volumes ?? {})).toContain(mount?.source);
      expect(mount?.mode, path).toBeUndefined();
      // A new named volume takes the owner of the image's directory; root would leave airbyte unable to write.
      expect(setup, path).toMatch(new RegExp(`chown airbyte:airbyte ${mount?.target ?? "missing"}(\\s|$)`));
    }
  });

  it("the hibob-learners image runs the package's own runner bin as airbyte", () => {
    const stage = all.find((candidate) => candidate.name === "hibob-learners");
    if (stage === undefined) throw new Error("Dockerfile has no target hibob-learners");
    expect(stage.from).toBe("runtime");
    const [entrypoint] = inherited(all, stage, "ENTRYPOINT").slice(-1);
    expect(JSON.parse(entrypoint ?? "[]")).toEqual([
      "node",
      `/app/${pkg.bin["hibob-learners"] ?? "missing"}`,
    ]);
    expect(inherited(all, stage, "USER").at(-1)).toBe("airbyte");
    expect(inherited(all, stage, "WORKDIR").at(-1)).toBe("/airbyte");
    // Not a connector: OCI labels, none of the platform's.
    expect(label(all, stage, "org.opencontainers.image.title")).toBe("hibob-learners");
    expect(label(all, stage, "org.opencontainers.image.version")).toBe(pkg.version);
    expect(inherited(all, stage, "LABEL").join(" ")).not.toContain("io.airbyte.");
  });

  it(".dockerignore keeps in the build context everything the images copy from it", async () => {
    const patterns = (await readFile(join(REPO_ROOT, ".dockerignore"), "utf8"))
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    const copied = all
      .flatMap((stage) => stage.lines)
      .filter((line) => line.startsWith("COPY ") && !line.includes("--from="))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(copied).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "src"]));
    const files = [
      ...copied.filter((path) => path !== "src"),
      ...(await readdir(join(REPO_ROOT, "src"), { recursive: true })).map((path) =>
        ["src", ...path.split(sep)].join("/"),
      ),
    ];
    expect(files.filter((path) => ignored(patterns, path))).toEqual([]);
    // What must stay out does: host builds and local databases.
    for (const path of ["node_modules/x", "dist/bin/source-hibob.js", "learners.db", ".git/HEAD"]) {
      expect(ignored(patterns, path), path).toBe(true);
    }
  });
});
