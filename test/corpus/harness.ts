import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AirbyteMessage } from "../../src/protocol/messages.js";
import { runBin, type Finished } from "../helpers/spawn.js";
import type { Expectation } from "./expectations.js";

export const CASES_DIR = fileURLToPath(new URL("./cases/", import.meta.url));
const VALID_DIR = fileURLToPath(new URL("./valid/", import.meta.url));

/** The valid inputs a case is run with, by the placeholder that names them in `args`. */
const VALID_FILES = {
  SOURCE_CONFIG: "source-config.json",
  SOURCE_CATALOG: "source-catalog.json",
  DESTINATION_CONFIG: "destination-config.json",
  DESTINATION_CATALOG: "destination-catalog.json",
} as const;

/** Case files hold secrets with this marker in them, so the test can find every one without a list. */
const SECRET_MARKER = /[\w.-]*s3cr3t[\w.-]*/g;
/** The token of the emulator's service user, which the valid source config holds. */
export const EMULATOR_TOKEN = "corpus-token";

/** A line of a JavaScript stack: `    at fn (file:///…:12:3)`. */
const STACK_LINE = /^\s*at \S.*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** Every case file, as a path relative to `cases/` with forward slashes (`state/number.json`). */
export async function caseFiles(): Promise<string[]> {
  const kinds = await readdir(CASES_DIR, { withFileTypes: true });
  const files: string[] = [];
  for (const kind of kinds.filter((entry) => entry.isDirectory())) {
    for (const file of await readdir(join(CASES_DIR, kind.name))) files.push(`${kind.name}/${file}`);
  }
  return files.sort();
}

export interface Placeholders {
  readonly apiUrl: string;
  /** A folder of this case's own, for sqlite files, state directories and the materialised inputs. */
  readonly tmp: string;
}

function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export interface Run extends Finished {
  /** Every secret the case's inputs hold: none may appear in what the process printed. */
  readonly secrets: readonly string[];
}

/**
 * Writes the case file and the valid inputs into the case's own folder with the placeholders filled in, runs the
 * bin with the expectation's arguments (or those the case file lists, one per line) and feeds it its stdin.
 */
export async function runCase(expectation: Expectation, placeholders: Placeholders): Promise<Run> {
  const { tmp } = placeholders;
  await mkdir(tmp, { recursive: true });
  const values: Record<string, string> = { API_URL: placeholders.apiUrl, TMP: tmp };
  const secrets = new Set<string>([EMULATOR_TOKEN, ...(expectation.secrets ?? [])]);
  const materialise = async (source: string, name: string): Promise<string> => {
    const text = substitute(await readFile(source, "utf8"), values);
    for (const secret of text.match(SECRET_MARKER) ?? []) secrets.add(secret);
    const path = isAbsolute(name) ? name : join(tmp, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return path;
  };

  for (const [placeholder, file] of Object.entries(VALID_FILES)) {
    values[placeholder] = await materialise(join(VALID_DIR, file), `valid-${file}`);
  }
  const caseFile = join(CASES_DIR, expectation.case);
  values.CASE = await materialise(
    caseFile,
    expectation.place === undefined
      ? `case-${basename(caseFile, extname(caseFile))}${extname(caseFile)}`
      : substitute(expectation.place, values),
  );

  const args =
    expectation.args ?? (await readFile(values.CASE, "utf8")).split("\n").filter((line) => line !== "");
  const stdin =
    expectation.stdin === undefined
      ? ""
      : await readFile(
          expectation.stdin === "case" ? values.CASE : join(VALID_DIR, expectation.stdin),
          "utf8",
        ).then((text) => substitute(text, values));
  const finished = await runBin(
    expectation.bin,
    args.map((arg) => substitute(arg, values)),
    stdin,
  );
  return { ...finished, secrets: [...secrets] };
}

export interface Parsed {
  readonly messages: AirbyteMessage[];
  /** Lines of stdout that are not valid Airbyte messages, with the reason. */
  readonly invalid: string[];
}

/** stdout of a connector, line by line, through the protocol's own schema. */
export function parseStdout(stdout: string): Parsed {
  const messages: AirbyteMessage[] = [];
  const invalid: string[] = [];
  for (const line of stdout.split("\n").filter((text) => text !== "")) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      invalid.push(`not JSON: ${line.slice(0, 200)}`);
      continue;
    }
    const parsed = AirbyteMessage.safeParse(json);
    if (parsed.success) messages.push(parsed.data);
    else invalid.push(`not an Airbyte message (${parsed.error.message}): ${line.slice(0, 200)}`);
  }
  return { messages, invalid };
}

export function hasStackTrace(text: string): boolean {
  return STACK_LINE.test(text);
}

/** What the person running the sync reads: TRACE ERROR and CONNECTION_STATUS messages and LOG lines. */
export function userTexts(messages: readonly AirbyteMessage[]): string[] {
  return messages.flatMap((message) => {
    if (message.type === "TRACE" && message.trace.type === "ERROR")
      return [message.trace.error?.message ?? ""];
    if (message.type === "CONNECTION_STATUS") return [message.connectionStatus.message ?? ""];
    if (message.type === "LOG") return [message.log.message];
    return [];
  });
}

/** The text of every file under a folder (a runner's state directory: state, history, reports). */
export async function filesText(dir: string): Promise<string> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return "";
  }
  const texts = await Promise.all(
    entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith(".db"))
      .map((entry) => readFile(join(entry.parentPath, entry.name), "utf8")),
  );
  return texts.join("\n");
}
