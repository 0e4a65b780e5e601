import type {
  AirbyteMessage,
  ConfiguredCatalog,
  ConfiguredStream,
  DestinationSyncMode,
  Emitter,
  StateMessage,
  TraceMessage,
} from "../protocol/index.js";
import { absenceUnproven } from "../protocol/absence.js";
import { ConfigError, descriptorKey } from "../protocol/index.js";
import { recordId } from "./batch.js";
import type { BatchWriterSettings } from "./batch-writer.js";
import { BatchWriter } from "./batch-writer.js";
import { isLearnerSyncMode, LEARNER_SYNC_MODES } from "./catalog.js";
import type { DestinationConfig } from "./config.js";
import type { FieldMappingOverrides, MappableField } from "./field-mapping.js";
import { fieldMapping, LEARNER_FIELDS_MAPPABLE } from "./field-mapping.js";
import { LearnerLog } from "./learner-log.js";
import { stateCounts } from "./state-counts.js";
import type { Target } from "./targets/target.js";

/** The one stream this destination writes; records of any other stream are counted as rejected. */
export const EMPLOYEES_STREAM = "employees";

export interface WriteOptions {
  /** `YYYY-MM-DD` (UTC), for the new-hire filter. */
  readonly today: string;
  /**
   * When the sync started (ISO 8601): a learner the target created within `NEW_LEARNER_DAYS` before it still gets
   * its `new_learner` courses. Without it, only a learner this sync creates is new.
   */
  readonly now?: string;
  /** The most per-learner change lines logged before "… and N more" (rejects are always all logged). */
  readonly reportLimit?: number;
}

/** Why a full refresh archived nobody as missing though it was complete. */
export const ABSENCE_UNPROVEN_WARNING =
  `No learner was archived as missing: the source reported that absence from its '${EMPLOYEES_STREAM}' pass ` +
  "proves nothing. Its view of Bob may hide people on leave (it shows no inactive people or nobody on leave, or " +
  "cannot tell who is inactive), so someone on leave would look gone. Learners of people who left Bob stay " +
  "active until the view can prove absence; the source's warning says why it cannot.";

/** The configured employees stream; a catalog without one is a config error. */
export function employeesStream(catalog: ConfiguredCatalog): ConfiguredStream {
  const found = catalog.streams.find((entry) => entry.stream.name === EMPLOYEES_STREAM);
  if (found === undefined) {
    throw new ConfigError(
      `The catalog has no '${EMPLOYEES_STREAM}' stream; destination-learners writes only that stream. ` +
        "Select it in the connection.",
    );
  }
  if (!isLearnerSyncMode(found.destination_sync_mode)) {
    throw new ConfigError(
      `The '${EMPLOYEES_STREAM}' stream's destination_sync_mode '${found.destination_sync_mode}' is not supported: ` +
        `choose ${LEARNER_SYNC_MODES.join(", ")} (append_dedup creates, updates and archives learners).`,
    );
  }
  return found;
}

type PassStatus = "unknown" | "complete" | "incomplete";

/** A STREAM_STATUS or a TRACE ERROR about the employees stream says whether its pass completed. */
function passStatus(trace: TraceMessage, current: PassStatus): PassStatus {
  if (trace.type === "STREAM_STATUS" && trace.stream_status?.stream_descriptor.name === EMPLOYEES_STREAM) {
    if (trace.stream_status.status === "COMPLETE") return current === "incomplete" ? current : "complete";
    if (trace.stream_status.status === "INCOMPLETE") return "incomplete";
  }
  if (trace.type === "ERROR" && trace.error?.stream_descriptor?.name === EMPLOYEES_STREAM)
    return "incomplete";
  return current;
}

/** What the input said so far about the employees pass: whether it ended complete, and whether absence counts. */
interface Pass {
  readonly status: PassStatus;
  /** Employee records or states came: an empty stream proves nobody gone. */
  readonly employeesSeen: boolean;
  /** The source said its view hides people who still exist (inactive people on leave): absence proves nothing. */
  readonly absenceUnproven: boolean;
}

const PASS_START: Pass = { status: "unknown", employeesSeen: false, absenceUnproven: false };

/**
 * The `write` loop. Employee records are mapped as they arrive (a batch holds learners, not records); at each
 * STATE the batch is planned against what the target holds now, applied, and only then is the state echoed,
 * with `destinationStats`. When the input ends, what came after the last state is applied too, and a complete
 * full-refresh pass archives the learners whose employees never came (capped by `max_archive_percent`).
 */
export async function writeLearners(
  config: DestinationConfig,
  catalog: ConfiguredCatalog,
  input: AsyncIterable<AirbyteMessage>,
  emitter: Emitter,
  target: Target,
  options: WriteOptions,
): Promise<void> {
  const configured = employeesStream(catalog);
  const settings = writerSettings(config, configured.destination_sync_mode, options);
  const log = new LearnerLog(emitter, options.reportLimit ?? 2000);
  const writer = new BatchWriter(target, settings, log);
  const counts = stateCounts();
  const otherStreams = new Set<string>();
  let pass = PASS_START;
  // Counted under the key its records and states carry (a namespace, if the platform sets one).
  let employeesKey = descriptorKey(configured.stream);

  for await (const message of input) {
    if (message.type === "RECORD") {
      const { stream, namespace, data } = message.record;
      const key = descriptorKey(namespace === undefined ? { name: stream } : { name: stream, namespace });
      counts.received(key);
      if (stream !== EMPLOYEES_STREAM) {
        await rejectOtherStream(log, otherStreams, key);
        counts.rejected(key, 1);
        continue;
      }
      pass = { ...pass, employeesSeen: true };
      employeesKey = key;
      const id = configured.destination_sync_mode === "soft_delete" ? recordId(data) : null;
      if (id === null) writer.add(data);
      else writer.remove(id);
    } else if (message.type === "STATE") {
      pass = passAfterState(pass, message.state);
      counts.rejected(employeesKey, await writer.flush());
      // Echoing a state asserts that what came before it is committed. A dry run commits nothing, so it echoes
      // none: the platform keeps the state it had, and the next real sync reads what this one only planned.
      if (!config.dry_run)
        await emitter.state({ ...message.state, destinationStats: counts.take(message.state) });
    } else if (message.type === "TRACE") {
      pass = { ...pass, status: passStatus(message.trace, pass.status) };
    }
  }
  await writer.flush();
  await writer.finish();
  await closingPass(configured.sync_mode === "full_refresh" && settings.archivesMissing, pass, writer, log);
  await log.summary(config.dry_run);
}

type WriterSettings = BatchWriterSettings & { readonly archivesMissing: boolean };

/** The config and the stream's mode, as the batches and the archive pass use them. */
function writerSettings(
  config: DestinationConfig,
  mode: DestinationSyncMode,
  options: WriteOptions,
): WriterSettings {
  const archiveMissing = config.archive_missing || mode === "soft_delete";
  return {
    batch: {
      mapping: fieldMapping(overridesOf(config.field_mapping)),
      include_employment_types: config.include_employment_types,
      include_departments: config.include_departments,
      include_sites: config.include_sites,
      new_hire_days_before_start: config.new_hire_days_before_start,
      today: options.today,
    },
    plan: {
      archive_terminated: config.archive_terminated,
      // soft_delete asks for archives explicitly; the option guards only archives the destination infers.
      archive_missing: archiveMissing,
      // soft_delete records are explicit deletes, like terminations: not capped.
      max_archive_percent: mode === "soft_delete" ? 100 : config.max_archive_percent,
      course_rules: config.course_rules,
      notify_new_learners: config.notify_new_learners,
      now: options.now,
    },
    createsLearners: mode !== "update",
    archivesMissing: archiveMissing && mode === "append_dedup",
  };
}

function passAfterState(pass: Pass, state: StateMessage): Pass {
  if (!isEmployeesState(state)) return pass;
  return {
    ...pass,
    employeesSeen: true,
    absenceUnproven: pass.absenceUnproven || absenceUnproven(state.stream?.stream_state),
  };
}

/**
 * A full refresh that archives missing learners ends with the archive pass: only after a complete pass of
 * employees, and never when the source said absence proves nothing. Either way it says why it archived nobody.
 */
async function closingPass(
  archives: boolean,
  pass: Pass,
  writer: BatchWriter,
  log: LearnerLog,
): Promise<void> {
  if (!archives) return;
  if (pass.absenceUnproven) {
    await log.warning(ABSENCE_UNPROVEN_WARNING);
  } else if (pass.employeesSeen && pass.status === "complete") {
    await writer.archiveMissing();
  } else {
    await log.note(
      `No learner was archived as missing: the '${EMPLOYEES_STREAM}' stream did not end with a complete pass, ` +
        "so absence from it proves nothing.",
    );
  }
}

/** The config's overrides without the fields it leaves unset. */
function overridesOf(config: DestinationConfig["field_mapping"]): FieldMappingOverrides {
  const overrides: Partial<Record<MappableField, readonly string[]>> = {};
  for (const field of LEARNER_FIELDS_MAPPABLE) {
    const ids = config[field];
    if (ids !== undefined) overrides[field] = ids;
  }
  return overrides;
}

function isEmployeesState(state: StateMessage): boolean {
  return state.type !== "STREAM" || state.stream?.stream_descriptor.name === EMPLOYEES_STREAM;
}

async function rejectOtherStream(log: LearnerLog, warned: Set<string>, stream: string): Promise<void> {
  log.rejectedRecords(1);
  if (warned.has(stream)) return;
  warned.add(stream);
  await log.warning(
    `Records of stream '${stream}' are not written: destination-learners writes only the '${EMPLOYEES_STREAM}' ` +
      "stream, so they are counted as rejected. Deselect the stream in the connection.",
  );
}
