import { randomUUID } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import type { Connector } from "../protocol/index.js";
import { ConfigError, parseConnectorConfig, Redactor } from "../protocol/index.js";
import { isRecord } from "../shared/is-record.js";
import type { FieldProblem, JsonObject, SaveResult, SchemaNode } from "./api-types.js";
import { maskSecrets, restoreSecrets } from "./secret-fields.js";

/** Config files hold credentials: readable and writable by their owner only. */
export const CONFIG_FILE_MODE = 0o600;

/** What a submitted config turned into: the config to use and save, or why it cannot be. */
export type Prepared<Config> =
  | { readonly ok: true; readonly raw: JsonObject; readonly config: Config; readonly redactor: Redactor }
  | { readonly ok: false; readonly message: string; readonly problems: readonly FieldProblem[] };

/**
 * One connector's config file, the very file `hibob-learners sync --source-config/--destination-config` reads.
 * The browser sees it masked (maskSecrets) and sends it back with markers for kept secrets; what is saved was
 * validated by the connector's own schema first, so the console never writes a config a sync would refuse.
 */
export class ConfigFile<Config> {
  constructor(
    readonly path: string,
    readonly connector: Connector<Config>,
  ) {}

  get schema(): SchemaNode {
    return this.connector.spec.connectionSpecification;
  }

  /** The file's JSON object; undefined when there is no file yet. */
  async read(): Promise<JsonObject | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      const value: unknown = JSON.parse(text);
      if (isRecord(value)) return value;
    } catch {
      // reported below, without the text: it may hold a secret
    }
    throw new ConfigError(`${this.path} is not a JSON object. Fix or delete it, then reload the console.`);
  }

  /** The file as the browser may see it. */
  async masked(): Promise<JsonObject | undefined> {
    const raw = await this.read();
    return raw === undefined ? undefined : maskSecrets(this.schema, raw);
  }

  /** A submitted config with its kept secrets restored and validated; nothing is written. */
  async prepare(submitted: unknown): Promise<Prepared<Config>> {
    if (!isRecord(submitted)) {
      return { ok: false, message: "The config must be a JSON object.", problems: [] };
    }
    const restored = restoreSecrets(this.schema, submitted, await this.read());
    if (restored.problems.length > 0) {
      const message = restored.problems.map((p) => `'${p.path.join(".")}' ${p.message}`).join("; ");
      return { ok: false, message: `${message}.`, problems: restored.problems };
    }
    const redactor = new Redactor();
    try {
      const config = parseConnectorConfig(this.connector, restored.config, redactor);
      return { ok: true, raw: restored.config, config, redactor };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return {
        ok: false,
        message: redactor.redact(error.message),
        problems: fieldProblems(this.connector.config, restored.config, redactor),
      };
    }
  }

  /** Writes the config whole (a crash leaves the previous file), owner-only. */
  async write(raw: JsonObject): Promise<void> {
    await this.writeTo(this.path, raw);
  }

  /** The same, to another file: a preview's copy of the config, with dry_run set. */
  async writeTo(path: string, raw: JsonObject): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    // Unique per write: two saves at once (a double click, a second tab) must not share a temporary file.
    const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(raw, null, 2)}\n`, { mode: CONFIG_FILE_MODE });
    // The mode given to writeFile is narrowed by the umask, never widened; chmod makes it exact.
    await chmod(temporary, CONFIG_FILE_MODE);
    await rename(temporary, path);
  }

  /** Validates and saves; the answer carries the masked config the browser shows next. */
  async save(submitted: unknown): Promise<SaveResult> {
    const prepared = await this.prepare(submitted);
    if (!prepared.ok) {
      return { saved: false, message: prepared.message, problems: prepared.problems, config: null };
    }
    await this.write(prepared.raw);
    return { saved: true, message: null, problems: [], config: maskSecrets(this.schema, prepared.raw) };
  }
}

/** Where each problem is, for the form to mark its field; the words come from the connector's own message. */
function fieldProblems(schema: z.ZodType, raw: unknown, redactor: Redactor): FieldProblem[] {
  const result = schema.safeParse(raw);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: redactor.redact(issue.message),
  }));
}
