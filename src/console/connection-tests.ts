import { Writable } from "node:stream";
import type { DestinationConfig } from "../destination-learners/config.js";
import { ConnectorError, Emitter } from "../protocol/index.js";
import type { Redactor } from "../protocol/index.js";
import { inspectConnection } from "../source-hibob/check.js";
import type { SourceConfig } from "../source-hibob/config.js";
import { createRun } from "../source-hibob/run.js";
import { CHECK_RUN_OPTIONS } from "../source-hibob/source.js";
import type { DestinationTest, SourceTest } from "./api-types.js";
import type { ConfigFile } from "./config-store.js";

// "Test connection" runs each connector's own check in this process, on the config as the form has it, and saves
// the config only when the check passes: a config the console saved is one a sync can start from.

/** What failed, in words that hold no secret; an unexpected error is not quoted (it could hold anything). */
function failureText(error: unknown, redactor: Redactor): string {
  if (error instanceof ConnectorError) return redactor.redact(error.message);
  return "The check failed unexpectedly; the console's terminal has no more detail. Try again.";
}

export async function testSource(file: ConfigFile<SourceConfig>, submitted: unknown): Promise<SourceTest> {
  const prepared = await file.prepare(submitted);
  if (!prepared.ok) {
    return { ok: false, message: prepared.message, missing: [], problems: prepared.problems };
  }
  const { redactor } = prepared;
  let found;
  try {
    found = await inspectConnection(createRun(prepared.config, CHECK_RUN_OPTIONS));
  } catch (error) {
    return { ok: false, message: failureText(error, redactor), missing: [], problems: [] };
  }
  if (!found.ok) {
    return {
      ok: false,
      message: redactor.redact(found.message),
      missing: found.missing.map((field) => ({
        id: field.id,
        name: field.name,
        category: field.category,
        ...(field.viewAndEdit === true ? { viewAndEdit: true } : {}),
      })),
      problems: [],
    };
  }
  await file.write(prepared.raw);
  return {
    ok: true,
    employees: found.employees,
    terminated: found.terminated,
    warning: found.warning === null ? null : redactor.redact(found.warning),
  };
}

/** A sink for the check's context: the destination's check emits nothing, and nothing may reach stdout. */
const nowhere = (): Writable =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

export async function testDestination(
  file: ConfigFile<DestinationConfig>,
  submitted: unknown,
): Promise<DestinationTest> {
  const prepared = await file.prepare(submitted);
  if (!prepared.ok) return { ok: false, message: prepared.message, problems: prepared.problems };
  const { redactor } = prepared;
  let status;
  try {
    status = await file.connector.check(prepared.config, { emitter: new Emitter(nowhere(), redactor) });
  } catch (error) {
    return { ok: false, message: failureText(error, redactor), problems: [] };
  }
  const message = status.message === undefined ? null : redactor.redact(status.message);
  if (status.status === "FAILED") return { ok: false, message: message ?? "The check failed.", problems: [] };
  await file.write(prepared.raw);
  return { ok: true, message };
}
