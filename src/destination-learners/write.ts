import type {
  AirbyteMessage,
  ConfiguredCatalog,
  ConfiguredStream,
  Emitter,
  StateMessage,
  TraceMessage,
} from "../protocol/index.js";
import { absenceUnproven } from "../protocol/absence.js";
import { ConfigError, descriptorKey } from "../protocol/index.js";
import { isLearnerSyncMode, LEARNER_SYNC_MODES } from "./catalog.js";
import type { Batch, BatchBuilder, BatchOptions } from "./batch.js";
import { batchBuilder, recordId } from "./batch.js";
import type { DestinationConfig } from "./config.js";
import type { FieldMappingOverrides, MappableField } from "./field-mapping.js";
import { fieldMapping, LEARNER_FIELDS_MAPPABLE } from "./field-mapping.js";
import type { Reject } from "./mapping.js";
import type { Plan, PlanOptions, PlanReject } from "./plan.js";
import { isEmptyPlan, planChanges, planMissing, withoutCreates } from "./plan.js";
import type { Totals } from "./report.js";
import {
  addResult,
  dryRunSummary,
  lineBudget,
  NO_TOTALS,
  planLineCount,
  planLines,
  progressSummary,
  rejectLine,
  runSummary,
  sameTotals,
  warningLine,
} from "./report.js";
import { orgChart, placeManagers } from "./manager-cycles.js";
import type { HeldLink } from "./manager-cycles.js";
import { pendingManagers } from "./pending-managers.js";
import { stateCounts } from "./state-counts.js";
import { NOTHING_APPLIED, type ApplyResult, type Target, type TargetSnapshot } from "./targets/target.js";

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
  const mode = configured.destination_sync_mode;
  const fullRefresh = configured.sync_mode === "full_refresh";
  const batchOptions: BatchOptions = {
    mapping: fieldMapping(overridesOf(config.field_mapping)),
    include_employment_types: config.include_employment_types,
    include_departments: config.include_departments,
    include_sites: config.include_sites,
    new_hire_days_before_start: config.new_hire_days_before_start,
    today: options.today,
  };
  const planOptions: Omit<PlanOptions, "snapshot"> = {
    archive_terminated: config.archive_terminated,
    // soft_delete asks for archives explicitly; the option guards only archives the destination infers.
    archive_missing: config.archive_missing || mode === "soft_delete",
    // soft_delete records are explicit deletes, like terminations: not capped.
    max_archive_percent: mode === "soft_delete" ? 100 : config.max_archive_percent,
    course_rules: config.course_rules,
    notify_new_learners: config.notify_new_learners,
    now: options.now,
  };
  const budget = lineBudget(options.reportLimit ?? 2000);
  const counts = stateCounts();
  // Employee ids of this sync, for the final archive pass; a Set of ids is small even for 100k employees.
  const present = new Set<string>();
  const otherStreams = new Set<string>();
  let builder: BatchBuilder = batchBuilder(batchOptions);
  let buffered = 0;
  let status: PassStatus = "unknown";
  let employeesSeen = false;
  // The source said its view hides people who still exist (inactive people on leave): absence proves nothing.
  let absenceUnprovenSeen = false;
  let totals: Totals = NO_TOTALS;
  // Learners archived as gone from Bob so far in this sync: the archive cap counts the whole sync.
  let archivedAsGone = 0;
  const waiting = pendingManagers();
  const chart = orgChart();
  // The target's manager links of learners the org chart has not met yet, for finding loops in them.
  const heldLinks = async (ids: readonly string[]): Promise<readonly HeldLink[]> => {
    if (target.loadMatching === undefined) return [];
    return heldOf(await target.loadMatching(ids, []));
  };

  const report = async (
    plan: Plan,
    result: ApplyResult,
    batchRejects: readonly Reject[],
  ): Promise<number> => {
    for (const line of budget.take(planLines(plan), planLineCount(plan))) await emitter.log("INFO", line);
    if (plan.archive_hold !== null) await emitter.log("WARN", plan.archive_hold.message);
    const rejects = [...batchRejects, ...targetRejects(plan.rejects, result.rejects)];
    for (const entry of rejects) await emitter.log("WARN", rejectLine(entry));
    totals = { ...addResult(totals, result), rejected: totals.rejected + rejects.length };
    return rejects.length;
  };

  /** Adds the links of earlier reports whose manager this batch brings, and notes the links still waiting. */
  const withPendingLinks = (plan: Plan, current: TargetSnapshot, batch: Batch): Plan => {
    const ids = new Set(batch.learners.map((learner) => learner.external_id));
    const due = waiting.due(ids);
    const held = current.learners.flatMap((entry) => entry.learner.external_id ?? []);
    waiting.note(plan.managers, new Set([...held, ...ids]));
    return due.length === 0 ? plan : { ...plan, managers: [...plan.managers, ...due] };
  };

  const apply = async (plan: Plan): Promise<ApplyResult> =>
    isEmptyPlan(plan) && plan.rejects.length === 0 ? NOTHING_APPLIED : target.apply(plan);

  const flush = async (): Promise<void> => {
    if (buffered === 0) return;
    const batch = builder.finish();
    builder = batchBuilder(batchOptions);
    buffered = 0;
    for (const learner of batch.learners) present.add(learner.external_id);
    for (const skip of batch.skipped) present.delete(skip.external_id);
    for (const id of batch.deletions) present.delete(id);
    // A record Bob sent but that cannot be a learner still means the employee exists: never archive it.
    for (const entry of batch.rejects) if (entry.external_id !== null) present.add(entry.external_id);

    // Deletions are capped against every managed learner, so a batch with some needs the whole target.
    const current =
      target.loadMatching === undefined || batch.deletions.length > 0
        ? await target.load()
        : await target.loadMatching(
            [...batch.learners.map((learner) => learner.external_id), ...batch.deletions],
            batch.learners.map((learner) => learner.email),
          );
    // A target without loadMatching has just loaded every learner: the chart learns the links from that.
    if (target.loadMatching === undefined) chart.remember(heldOf(current), []);
    const placed = await placeManagers(chart, batch.learners, heldLinks);
    for (const entry of [...batch.warnings, ...placed.warnings])
      await emitter.log("WARN", warningLine(entry));
    const planned = planChanges(
      current.learners,
      placed.learners,
      current.assignments,
      {
        ...planOptions,
        snapshot: false,
        fields: current.fields,
        manager_links: current.manager_links,
        archived_as_gone: archivedAsGone,
      },
      batch.deletions,
    );
    const plan = withPendingLinks(mode === "update" ? withoutCreates(planned) : planned, current, batch);
    const result = await apply(plan);
    archivedAsGone += goneCount(plan);
    if (batch.rejects.length > 0) await target.recordRejects(batch.rejects);
    const before = totals;
    const rejected = await report(plan, result, batch.rejects);
    counts.rejected(employeesKey, rejected);
    totals = {
      ...totals,
      skipped: totals.skipped + batch.skipped.length,
      leavers_not_created: totals.leavers_not_created + plan.leavers_not_created,
    };
    if (!sameTotals(before, totals)) await emitter.log("INFO", progressSummary(totals));
  };

  // Counted under the key its records and states carry (a namespace, if the platform sets one).
  let employeesKey = descriptorKey(configured.stream);
  for await (const message of input) {
    if (message.type === "RECORD") {
      const { stream, namespace, data } = message.record;
      const key = descriptorKey(namespace === undefined ? { name: stream } : { name: stream, namespace });
      counts.received(key);
      if (stream !== EMPLOYEES_STREAM) {
        await rejectOtherStream(emitter, otherStreams, key);
        counts.rejected(key, 1);
        totals = { ...totals, rejected: totals.rejected + 1 };
        continue;
      }
      employeesSeen = true;
      employeesKey = key;
      const id = mode === "soft_delete" ? recordId(data) : null;
      if (id === null) builder.add(data);
      else builder.remove(id);
      buffered += 1;
    } else if (message.type === "STATE") {
      if (isEmployeesState(message.state)) {
        employeesSeen = true;
        if (absenceUnproven(message.state.stream?.stream_state)) absenceUnprovenSeen = true;
      }
      await flush();
      // Echoing a state asserts that what came before it is committed. A dry run commits nothing, so it echoes
      // none: the platform keeps the state it had, and the next real sync reads what this one only planned.
      if (!config.dry_run)
        await emitter.state({ ...message.state, destinationStats: counts.take(message.state) });
    } else if (message.type === "TRACE") {
      status = passStatus(message.trace, status);
    }
  }
  await flush();

  const complete = fullRefresh && employeesSeen && status === "complete";
  const archivesMissing = planOptions.archive_missing && mode === "append_dedup";
  if (fullRefresh && archivesMissing && absenceUnprovenSeen) {
    await emitter.log("WARN", ABSENCE_UNPROVEN_WARNING);
  } else if (complete && archivesMissing) {
    const current = await target.load();
    const plan = planMissing(current.learners, present, { ...planOptions, archived_as_gone: archivedAsGone });
    await report(plan, await apply(plan), []);
  } else if (fullRefresh && archivesMissing) {
    await emitter.log(
      "INFO",
      `No learner was archived as missing: the '${EMPLOYEES_STREAM}' stream did not end with a complete pass, ` +
        "so absence from it proves nothing.",
    );
  }

  const more = budget.moreLine();
  if (more !== null) await emitter.log("INFO", more);
  await emitter.log("INFO", config.dry_run ? dryRunSummary(totals) : runSummary(totals));
}

function heldOf(snapshot: TargetSnapshot): HeldLink[] {
  return snapshot.learners.flatMap(({ learner }) =>
    learner.external_id === null
      ? []
      : [
          {
            external_id: learner.external_id,
            manager_external_id: learner.manager_external_id,
            email: learner.email,
          },
        ],
  );
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

const goneCount = (plan: Plan): number =>
  plan.archives.filter((entry) => entry.reason !== "terminated").length;

function isEmployeesState(state: StateMessage): boolean {
  return state.type !== "STREAM" || state.stream?.stream_descriptor.name === EMPLOYEES_STREAM;
}

/** Rejects of the target beyond those the plan made; a target may list plan rejects in its result or not. */
function targetRejects(planned: readonly PlanReject[], applied: readonly Reject[]): Reject[] {
  const seen = new Set<string>();
  const all: Reject[] = [];
  for (const entry of [...planned.map((reject) => ({ ...reject, record: null })), ...applied]) {
    const key = `${entry.external_id ?? ""}\u0000${entry.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(entry);
  }
  return all;
}

async function rejectOtherStream(emitter: Emitter, warned: Set<string>, stream: string): Promise<void> {
  if (warned.has(stream)) return;
  warned.add(stream);
  await emitter.log(
    "WARN",
    `Records of stream '${stream}' are not written: destination-learners writes only the '${EMPLOYEES_STREAM}' ` +
      "stream, so they are counted as rejected. Deselect the stream in the connection.",
  );
}
