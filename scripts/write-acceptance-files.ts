// Regenerates the source's generated acceptance files from the fixed emulator company: `npm run acceptance-files`.
// expected_records.jsonl: a few records per stream (every leaver among the employees), ignored fields stripped and
// emitted_at pinned, so the file is byte-stable. abnormal_state.json: cursors in 2222 and the fingerprint of every
// employee, a state that already knows everything, so a read from it emits no record.
import { writeFile } from "node:fs/promises";
import { startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { ConfiguredCatalog, type AirbyteMessage } from "../src/protocol/index.js";
import { SourceConfig } from "../src/source-hibob/config.js";
import { STREAMS } from "../src/source-hibob/source.js";
import {
  ACCEPTANCE_COMPANY,
  acceptancePath,
  ignoredPaths,
  lastStates,
  loadAcceptanceConfig,
  readJsonFile,
  recordsIn,
  valueAt,
  withApiUrl,
  withoutFields,
  type StreamRecord,
} from "../test/helpers/acceptance.js";
import { catalogOf, readSource } from "../test/helpers/read-source.js";

const RECORDS_PER_STREAM = 3;
const FUTURE_DAY = "2222-01-01";
/** Far-future values per cursor field, in the form each stream's state keeps them. */
const FUTURE_CURSOR: Record<string, string> = {
  modificationDate: FUTURE_DAY,
  window_to: `${FUTURE_DAY}T00:00:00.000Z`,
  _ab_cdc_updated_at: `${FUTURE_DAY}T00:00:00.000Z`,
};

function isLeaver(record: StreamRecord): boolean {
  return (
    record.stream === "employees" && valueAt(record.data, ["internal", "lifecycleStatus"]) === "terminated"
  );
}

/** The first few records of each stream, plus every leaver: the records the connector exists for. */
function pickExpected(records: readonly StreamRecord[]): StreamRecord[] {
  const taken = new Map<string, number>();
  return records.filter((record) => {
    const count = taken.get(record.stream) ?? 0;
    if (count >= RECORDS_PER_STREAM && !isLeaver(record)) return false;
    taken.set(record.stream, count + 1);
    return true;
  });
}

function employeeFingerprints(messages: readonly AirbyteMessage[]): string {
  const state = lastStates(messages).find((s) => s.stream?.stream_descriptor.name === "employees");
  const fingerprints = state?.stream?.stream_state?.fingerprints;
  if (typeof fingerprints !== "string" || fingerprints === "")
    throw new Error("no employee fingerprints read");
  return fingerprints;
}

function futureState(catalog: ConfiguredCatalog, fingerprints: string): unknown[] {
  return catalog.streams.map(({ stream, cursor_field }) => {
    const field = cursor_field?.[0] ?? "";
    const cursor = FUTURE_CURSOR[field];
    if (cursor === undefined) throw new Error(`no future value for the cursor of ${stream.name}`);
    const streamState = stream.name === "employees" ? { [field]: cursor, fingerprints } : { [field]: cursor };
    return {
      type: "STREAM",
      stream: { stream_descriptor: { name: stream.name }, stream_state: streamState },
    };
  });
}

const acceptance = await loadAcceptanceConfig();
const [basicRead] = acceptance.acceptance_tests.basic_read.tests;
const [incremental] = acceptance.acceptance_tests.incremental.tests;
if (basicRead === undefined || incremental === undefined)
  throw new Error("acceptance-test-config.yml has no reads");

const emulator = await startHibobEmulator(ACCEPTANCE_COMPANY);
try {
  const config = SourceConfig.parse(
    withApiUrl(await readJsonFile(acceptancePath(basicRead.config_path)), emulator.baseUrl),
  );
  const names = STREAMS.map((stream) => stream.name);
  const full = await readSource(config, catalogOf(names, "full_refresh"));
  const employees = await readSource(config, catalogOf(["employees"], "incremental"));

  const ignored = ignoredPaths(basicRead.ignored_fields);
  const emittedAt = Date.parse(`${ACCEPTANCE_COMPANY.today}T00:00:00Z`);
  const lines = pickExpected(recordsIn(full)).map((record) =>
    JSON.stringify({
      stream: record.stream,
      data: withoutFields(record.data, ignored.get(record.stream) ?? []),
      emitted_at: emittedAt,
    }),
  );
  const expectedPath = acceptancePath(basicRead.expect_records.path);
  await writeFile(expectedPath, `${lines.join("\n")}\n`);
  process.stdout.write(`wrote ${expectedPath} (${lines.length} records)\n`);

  const incrementalCatalog = ConfiguredCatalog.parse(
    await readJsonFile(acceptancePath(incremental.configured_catalog_path)),
  );
  const statePath = acceptancePath(incremental.future_state.future_state_path);
  const state = futureState(incrementalCatalog, employeeFingerprints(employees));
  await writeFile(statePath, `${JSON.stringify(state, null, 2)}\n`);
  process.stdout.write(`wrote ${statePath}\n`);
} finally {
  await emulator.close();
}
