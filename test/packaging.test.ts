import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROTOCOL_VERSION } from "../src/project.js";
import { destinationSpec } from "../src/destination-learners/destination.js";
import { sourceSpec } from "../src/source-hibob/source.js";
import { REPO_ROOT } from "./helpers/spawn.js";

// No Docker engine runs the images here, so the files are checked against each other and the code.

interface Stage {
  readonly name: string;
  readonly from: string;
  readonly lines: readonly string[];
}

/** The Dockerfile's stages, with their instructions joined across line continuations. */
function stages(dockerfile: string): Stage[] {
  const instructions = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const result: { name: string; from: string; lines: string[] }[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) result.push({ from: from[1] ?? "", name: from[2] ?? "", lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

/** An instruction's value in a stage or in the stages it is built on. */
function inherited(all: readonly Stage[], stage: Stage, keyword: string): string[] {
  const parent = all.find((candidate) => candidate.name === stage.from);
  const own = stage.lines
    .filter((line) => line.startsWith(`${keyword} `))
    .map((line) => line.slice(keyword.length + 1));
  return [...(parent === undefined ? [] : inherited(all, parent, keyword)), ...own];
}

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
  { name: "source-hibob", spec: sourceSpec, type: "source" },
  { name: "destination-learners", spec: destinationSpec, type: "destination" },
] as const;

describe("packaging for the platform", async () => {
  const all = stages(await readFile(join(REPO_ROOT, "Dockerfile"), "utf8"));
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    bin: Record<string, string>;
  };

  it.each(CONNECTORS)("$name: the image, its metadata and the code agree", async ({ name, spec, type }) => {
    const metadata = parse(await readFile(join(REPO_ROOT, "metadata", `${name}.yaml`), "utf8")) as Metadata;
    const { data } = metadata;
    expect(metadata.metadataSpecVersion).toBe("1.0");
    for (const key of [
      "name",
      "definitionId",
      "connectorType",
      "dockerRepository",
      "dockerImageTag",
      "license",
      "documentationUrl",
      "githubIssueLabel",
      "connectorSubtype",
      "releaseStage",
    ]) {
      expect(data[key], key).toBeTruthy();
    }
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
  });

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
