// The Dockerfile as stages of instructions: enough to check it against the code without a Docker engine.

export interface Stage {
  readonly name: string;
  readonly from: string;
  readonly lines: readonly string[];
}

/** The Dockerfile's stages, with their instructions joined across line continuations. */
export function stages(dockerfile: string): Stage[] {
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
export function inherited(all: readonly Stage[], stage: Stage, keyword: string): string[] {
  const parent = all.find((candidate) => candidate.name === stage.from);
  const own = stage.lines
    .filter((line) => line.startsWith(`${keyword} `))
    .map((line) => line.slice(keyword.length + 1));
  return [...(parent === undefined ? [] : inherited(all, parent, keyword)), ...own];
}
