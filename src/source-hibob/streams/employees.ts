import { z } from "zod";
import { ABSENCE_UNPROVEN } from "../../protocol/absence.js";
import { NO_CURSOR_STATE, type SourceStream } from "../../protocol/index.js";
import type { BobApi } from "../client.js";
import { DELETED_AT, employeeSchema, SYNCED_AT } from "../employee-schema.js";
import { employeeRecord } from "../employee-record.js";
import {
  decodeFingerprints,
  encodeFingerprints,
  fingerprint,
  SnapshotDiff,
  volatility,
} from "../fingerprint.js";
import { adaptiveBatchSize, chunks, employeeIds, searchPeople } from "../people-search.js";
import type { HibobRun } from "../run.js";
import { type AbsenceProof, absenceProof, absenceWarning, ACCESS_FIELDS } from "../scope.js";
import { selectFields } from "../selection.js";
import { parseSavedState } from "./saved-state.js";

const EmployeesState = z.object({
  [SYNCED_AT]: z.string().optional(),
  fingerprints: z.string().transform((text, context) => {
    const prints = decodeFingerprints(text);
    if (prints === undefined) context.addIssue("must be id:fingerprint pairs joined by commas");
    return prints ?? new Map<string, string>();
  }),
});

/**
 * Every visible employee's id, and whether this view can prove someone gone: the list carries each person's
 * access status, and only a view that shows inactive people tells a person on leave from a leaver.
 */
async function listVisible(
  api: BobApi,
  showInactive: boolean,
): Promise<{ ids: string[]; proof: AbsenceProof }> {
  const listed = await searchPeople(api, {
    fields: ["root.id", ...ACCESS_FIELDS],
    showInactive,
    humanReadable: false,
  });
  return { ids: employeeIds(listed), proof: absenceProof(listed, showInactive) };
}

/** A share of vanished employees above which a shrunken permission scope is the likelier cause. */
const VANISHED_WARNING_SHARE = 0.1;

/**
 * Every employee, in Bob's nested category form with `humanReadable` labels. Bob has no "updated since", so an
 * incremental read fetches everyone and emits only those whose fingerprint changed since the last sync, plus
 * one deletion record for each employee who vanished, when the service user's view shows inactive people (else
 * the vanished may only be on leave, and a full pass's states say so). The ids are read first and the employees
 * fetched in id batches (of `batch_size`, grown when the pacer's minute would not hold them all), so memory stays
 * flat.
 *
 * A full refresh keeps no fingerprints: nothing reads a full-refresh state (an incremental sync starts afresh
 * from it, as from any no-cursor state), so it only checkpoints how far it got, for the destination to commit.
 */
export const employeesStream: SourceStream<HibobRun> = {
  name: "employees",
  primaryKey: [["id"]],
  cursorField: [SYNCED_AT],
  syncModes: ["full_refresh", "incremental"],

  async jsonSchema(run) {
    return employeeSchema(selectFields(run.config, await run.fieldMetadata()).fields);
  },

  async read(run, { syncMode, state, out }) {
    const { config } = run;
    const incremental = syncMode === "incremental";
    const selection = selectFields(config, await run.fieldMetadata());
    if (selection.unknown.length > 0) {
      await out.log("WARN", `Bob has no fields ${selection.unknown.join(", ")}; they are not read.`);
    }
    if (selection.unsearchable.length > 0) {
      await out.log(
        "WARN",
        `Bob's people search never returns the Actual payments fields ${selection.unsearchable.join(", ")}; ` +
          "they are not read.",
      );
    }
    // What moves by itself (tenure, periods, signed URLs) is decided from the metadata once, not per employee.
    const volatile = volatility(selection.fields);
    const saved = incremental ? await parseSavedState(EmployeesState, state, out) : undefined;
    const diff = new SnapshotDiff(saved?.fingerprints);
    const syncedAt = new Date(run.now()).toISOString();
    let fetched = 0;
    const api = run.api(out);
    const { ids, proof } = await listVisible(api, config.include_inactive);
    if (!proof.proves) await out.log("WARN", absenceWarning(proof.why));
    // On every state of a full pass whose view hides inactive people: the destination must not archive as
    // missing anyone this pass did not send.
    const unproven = proof.proves ? {} : { [ABSENCE_UNPROVEN]: true };
    const checkpoint = incremental
      ? () => ({ [SYNCED_AT]: syncedAt, fingerprints: diff.encodeMerged() })
      : () => ({ ...NO_CURSOR_STATE, employees: fetched, ...unproven });
    if (!incremental) await out.estimate(ids.length);
    const batchSize = adaptiveBatchSize(ids.length, config.batch_size, run.requestsPerMinute);
    for (const batch of chunks(ids, batchSize)) {
      const employees = await searchPeople(api, {
        fields: selection.ids,
        ids: batch,
        showInactive: config.include_inactive,
        humanReadable: config.human_readable,
      });
      // Taken off the answer one by one, so each employee Bob sent can be collected once emitted.
      employees.reverse();
      for (let raw = employees.pop(); raw !== undefined; raw = employees.pop()) {
        const record = employeeRecord(raw);
        fetched += 1;
        if (incremental && diff.observe(record.id, fingerprint(record, volatile)) === "unchanged") continue;
        record[SYNCED_AT] = syncedAt;
        await out.record(record);
        await out.checkpointIfDue(checkpoint);
      }
    }

    if (!incremental) {
      await out.checkpoint(checkpoint());
      return;
    }
    if (!proof.proves) {
      // The vanished may be on leave, not gone: no deletion records, and their fingerprints are kept so that
      // they are compared, not sent as new, once the view shows them again.
      await out.checkpoint({ [SYNCED_AT]: syncedAt, fingerprints: encodeFingerprints(diff.merged(), true) });
      return;
    }
    const vanished = diff.vanished();
    if (vanished.length > 0 && vanished.length > VANISHED_WARNING_SHARE * (vanished.length + diff.seen)) {
      await out.log(
        "WARN",
        `${vanished.length} employees seen by the last sync are gone from Bob. If nobody was deleted, the ` +
          `service user's "Access data for" scope or its permissions shrank.`,
      );
    }
    for (const id of vanished) {
      await out.record({ id, [SYNCED_AT]: syncedAt, [DELETED_AT]: syncedAt });
      await out.checkpointIfDue(checkpoint);
    }
    // Sorted, so the saved state does not depend on the order of Bob's answers.
    await out.checkpoint({
      [SYNCED_AT]: syncedAt,
      fingerprints: encodeFingerprints(diff.fingerprints(), true),
    });
  },
};
