import type { FailureType } from "../../src/protocol/messages.js";

/**
 * What each malformed input of `cases/` must produce. Arguments and files may hold placeholders, filled in per
 * case: `{{CASE}}` (the case file), `{{SOURCE_CONFIG}}`, `{{SOURCE_CATALOG}}`, `{{DESTINATION_CONFIG}}`,
 * `{{DESTINATION_CATALOG}}` (the valid inputs of `valid/`), `{{API_URL}}` (the HiBob emulator) and `{{TMP}}` (a
 * folder of the case's own).
 */
export type Bin = "source-hibob" | "destination-learners" | "hibob-learners";

export type Outcome =
  /** `check` answers one CONNECTION_STATUS FAILED whose message matches. */
  | { readonly kind: "status-failed"; readonly match: RegExp }
  /** A TRACE ERROR of this failure type whose message matches. */
  | { readonly kind: "trace-error"; readonly failureType: FailureType; readonly match: RegExp }
  /** A LOG WARN line that matches; the run goes on. */
  | { readonly kind: "log-warn"; readonly match: RegExp }
  /** Nothing on stdout (connectors) and a usage message on stderr that matches. */
  | { readonly kind: "usage"; readonly match: RegExp }
  /** The runner's end-of-sync report (stdout) or its live log (stderr) matches. */
  | { readonly kind: "report"; readonly match: RegExp };

export interface Expectation {
  /** The case file, relative to `cases/`. */
  readonly case: string;
  readonly bin: Bin;
  /** Omitted: the case file lists the arguments, one per line. */
  readonly args?: readonly string[];
  /** `case`: the case file is stdin; otherwise a file of `valid/`. Omitted: empty stdin. */
  readonly stdin?: "case" | "destination-input.jsonl";
  readonly exit: number;
  readonly outcome: Outcome;
  /** Source reads: how many RECORD messages the read must still emit. */
  readonly records?: number;
  /** Destination writes: the `destinationStats` of every echoed STATE, summed. */
  readonly committed?: { readonly recordCount: number; readonly rejectedRecordCount: number };
  /** Secrets beyond those the case files spell with the `s3cr3t` marker (numbers cannot carry it). */
  readonly secrets?: readonly string[];
  /** Where the case file is put instead (placeholders allowed): a runner's own file, e.g. a damaged state.json. */
  readonly place?: string;
  /** A file the run leaves (placeholders allowed) and what is wrong with it, given the case file's text. */
  readonly afterwards?: {
    readonly file: string;
    readonly problems: (text: string, caseText: string) => string[];
  };
}

const SOURCE_CHECK = ["check", "--config", "{{CASE}}"];
const SOURCE_DISCOVER = ["discover", "--config", "{{CASE}}"];
const SOURCE_READ_CONFIG = ["read", "--config", "{{CASE}}", "--catalog", "{{SOURCE_CATALOG}}"];
const SOURCE_READ_CATALOG = ["read", "--config", "{{SOURCE_CONFIG}}", "--catalog", "{{CASE}}"];
const SOURCE_READ_STATE = [
  ...["read", "--config", "{{SOURCE_CONFIG}}", "--catalog", "{{SOURCE_CATALOG}}"],
  ...["--state", "{{CASE}}"],
];
const DESTINATION_CHECK = ["check", "--config", "{{CASE}}"];
const DESTINATION_WRITE_CONFIG = ["write", "--config", "{{CASE}}", "--catalog", "{{DESTINATION_CATALOG}}"];
const DESTINATION_WRITE_CATALOG = ["write", "--config", "{{DESTINATION_CONFIG}}", "--catalog", "{{CASE}}"];
const DESTINATION_WRITE = [
  "write",
  "--config",
  "{{DESTINATION_CONFIG}}",
  "--catalog",
  "{{DESTINATION_CATALOG}}",
];
const RUNNER_SOURCE = [
  ...["sync", "--source-config", "{{CASE}}", "--destination-config", "{{DESTINATION_CONFIG}}"],
  ...["--state-dir", "{{TMP}}/state"],
];
const RUNNER_DESTINATION = [
  ...["sync", "--source-config", "{{SOURCE_CONFIG}}", "--destination-config", "{{CASE}}"],
  ...["--state-dir", "{{TMP}}/state"],
];

/** The emulator's company: every one of its employees is read when a bad state is set aside. */
export const EMPLOYEES = 20;

const parses = (line: string): boolean => {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
};

/**
 * A run history whose last line a crash cut short, after one more sync: every line it had is still there as it
 * was (the cut one still the only unreadable line), and the sync's entry follows as a whole JSON line of its own.
 */
function historyAppended(text: string, caseText: string): string[] {
  const had = caseText.split("\n").filter((line) => line !== "");
  const lines = text.split("\n");
  const problems: string[] = [];
  if (lines.pop() !== "") problems.push("runs.jsonl does not end with a newline");
  if (JSON.stringify(lines.slice(0, had.length)) !== JSON.stringify(had))
    problems.push(`the earlier lines changed: ${JSON.stringify(lines.slice(0, had.length))}`);
  const unreadable = lines.filter((line) => !parses(line));
  if (JSON.stringify(unreadable) !== JSON.stringify(had.filter((line) => !parses(line))))
    problems.push(`unreadable lines ${JSON.stringify(unreadable)}, expected only the cut one`);
  const added = lines.slice(had.length);
  const entry: unknown = added.length === 1 && parses(added[0] ?? "") ? JSON.parse(added[0] ?? "") : null;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    problems.push(`expected one new JSON object line, got ${JSON.stringify(added)}`);
  else if (!("run_id" in entry) || typeof entry.run_id !== "string")
    problems.push(`the new entry has no run_id: ${JSON.stringify(entry)}`);
  return problems;
}

const failed = (match: RegExp): Outcome => ({ kind: "status-failed", match });
const configError = (match: RegExp): Outcome => ({ kind: "trace-error", failureType: "config_error", match });
const warn = (match: RegExp): Outcome => ({ kind: "log-warn", match });

const sourceConfig: Expectation[] = [
  {
    case: "source-config/not-json.txt",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/config file '.*' is not valid JSON/),
  },
  {
    case: "source-config/empty.json",
    bin: "source-hibob",
    args: SOURCE_DISCOVER,
    exit: 1,
    outcome: configError(/config file '.*' is not valid JSON/),
  },
  {
    case: "source-config/array.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'\(the config itself\)' must be an object, not an array/),
  },
  {
    case: "source-config/null.json",
    bin: "source-hibob",
    args: SOURCE_READ_CONFIG,
    exit: 1,
    outcome: configError(/'\(the config itself\)' must be an object, not null/),
  },
  {
    case: "source-config/missing-token.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'service_user_token' is required/),
  },
  {
    case: "source-config/token-number.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'service_user_token' must be a string, not a number/),
    secrets: ["7331900551"],
  },
  {
    case: "source-config/blank-service-user-id.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'service_user_id' (is required|must not be (empty|blank))/),
  },
  {
    case: "source-config/api-url-not-url.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'api_url' .*URL/),
  },
  {
    case: "source-config/api-url-http-remote.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'api_url' must use https/),
  },
  {
    case: "source-config/api-url-http-lookalike.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    // A name, resolved when connecting: NXDOMAIN with DNS, no DNS at all here; never this machine either way.
    outcome: failed(
      /^'api_url' must use https: 127\.attacker\.example could not be resolved .*plain http only to this machine/,
    ),
  },
  {
    case: "source-config/api-url-credentials.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'api_url' must not hold a user name or password/),
    secrets: ["corpus:p4ss"],
  },
  {
    case: "source-config/token-one-letter.json",
    bin: "source-hibob",
    args: SOURCE_READ_CONFIG,
    exit: 1,
    // Refused, not masked: masking `e` would garble the message that names the field.
    outcome: configError(
      /'service_user_token' is too short to be a real credential \(fewer than 8 characters\)/,
    ),
  },
  {
    case: "source-config/unknown-field-group.json",
    bin: "source-hibob",
    args: SOURCE_DISCOVER,
    exit: 1,
    outcome: configError(/'field_groups\.1' .*expected one of .*"basic_info"/),
  },
  {
    case: "source-config/batch-size-zero.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'batch_size' too small: expected number to be >=10/),
  },
  {
    case: "source-config/batch-size-too-large.json",
    bin: "source-hibob",
    args: SOURCE_READ_CONFIG,
    exit: 1,
    outcome: configError(/'batch_size' too big: expected number to be <=1000/),
  },
  {
    case: "source-config/start-date-malformed.json",
    bin: "source-hibob",
    args: SOURCE_READ_CONFIG,
    exit: 1,
    outcome: configError(/'start_date' must be a date as YYYY-MM-DD/),
  },
  {
    case: "source-config/additional-fields-string.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'additional_fields' must be an array, not a string/),
  },
  {
    case: "source-config/requests-per-minute-string.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'requests_per_minute' must be a number, not a string/),
  },
  {
    case: "source-config/additional-field-unknown.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'additional_fields' names fields .*work\.custom\.field_1000000000001.*employee_fields/),
  },
  {
    case: "source-config/option-misspelt.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/'include_inactve' is not a setting; did you mean 'include_inactive'\?/),
  },
  {
    case: "source-config/option-misspelt-read.json",
    bin: "source-hibob",
    args: SOURCE_READ_CONFIG,
    exit: 1,
    outcome: configError(/'batchsize' is not a setting; did you mean 'batch_size'\?/),
    records: 0,
  },
  {
    case: "source-config/wrong-token.json",
    bin: "source-hibob",
    args: SOURCE_CHECK,
    exit: 0,
    outcome: failed(/401.*Check service_user_id and service_user_token/),
  },
];

const destinationConfig: Expectation[] = [
  {
    case: "destination-config/yaml-not-json.txt",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/config file '.*' is not valid JSON/),
  },
  {
    case: "destination-config/unknown-target-type.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(
      /'target\.type' invalid discriminator value\. Expected 'sqlite' \| 'scim' \| 'easyllama'/,
    ),
  },
  {
    case: "destination-config/sqlite-path-empty.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'target\.path' must not be empty or blank/),
  },
  {
    case: "destination-config/sqlite-folder-missing.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(
      /folder '.*no\/such\/folder' for target\.path does not exist .*Create it or choose another/,
    ),
  },
  {
    case: "destination-config/scim-base-url-missing.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'target\.base_url' is required/),
  },
  {
    case: "destination-config/scim-base-url-ftp.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'target\.base_url' .*(http|https)\b/),
  },
  {
    case: "destination-config/scim-base-url-credentials.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'target\.base_url' must not hold a user name or password/),
    secrets: ["lms-admin"],
  },
  {
    case: "destination-config/scim-token-one-letter.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'target\.token' is too short to be a real credential \(fewer than 8 characters\)/),
  },
  {
    case: "destination-config/easyllama-api-url-http-remote.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'target\.api_url' must use https: 203\.0\.113\.9 is not this machine/),
  },
  {
    case: "destination-config/scim-token-number.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'target\.token' must be a string, not a number/),
    secrets: ["8675309112233"],
  },
  {
    case: "destination-config/easyllama-no-credentials.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(
      /'target' is EasyLlama, which needs target\.client_id and target\.client_secret, or .*api_token/,
    ),
  },
  {
    case: "destination-config/easyllama-client-id-only.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'target' is EasyLlama, which needs .*target\.client_secret/),
  },
  {
    case: "destination-config/course-rule-unknown-when.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'course_rules\.0\.when' .*expected one of .*"new_learner"/),
  },
  {
    case: "destination-config/course-rule-bad-role.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'course_rules\.0\.where\.role' .*"supervisor".*"non-supervisor"/),
  },
  {
    case: "destination-config/max-archive-150.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'max_archive_percent' too big: expected number to be <=100/),
  },
  {
    case: "destination-config/field-mapping-unknown-key.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'field_mapping\.phnoe' is not a learner field; did you mean 'field_mapping\.phone'\?/),
  },
  {
    case: "destination-config/field-mapping-not-array.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'field_mapping\.phone' must be an array, not a string/),
  },
  {
    case: "destination-config/include-departments-string.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'include_departments' must be an array, not a string/),
  },
  {
    case: "destination-config/new-hire-days-negative.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'new_hire_days_before_start' too small: expected number to be >=0/),
  },
  {
    case: "destination-config/dry-run-string.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'dry_run' must be a boolean, not a string/),
  },
  {
    case: "destination-config/dry-run-misspelt.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/^Invalid configuration: 'dryrun' is not a setting; did you mean 'dry_run'\?$/),
  },
  {
    // Dropping the key would make a sync meant as a dry run write for real: nothing may be committed.
    case: "destination-config/dry-run-misspelt-write.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'dry-run' is not a setting; did you mean 'dry_run'\?/),
    committed: { recordCount: 0, rejectedRecordCount: 0 },
  },
  {
    case: "destination-config/unknown-setting.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(/'colour' is not a setting \(the settings are target, archive_terminated, .*dry_run/),
  },
  {
    case: "destination-config/scim-token-misspelt.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(
      /'target\.token' is required; 'target\.tokn' is not a setting; did you mean 'target\.token'\?/,
    ),
  },
  {
    // Dropped, the path would fall back to learners.db in the working folder.
    case: "destination-config/sqlite-path-misspelt.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/'target\.pth' is not a setting; did you mean 'target\.path'\?/),
    committed: { recordCount: 0, rejectedRecordCount: 0 },
  },
  {
    // Dropped, the condition would go and the course be assigned to every new learner.
    case: "destination-config/course-rule-where-misspelt.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CONFIG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(
      /'course_rules\.0\.wehre' is not a setting; did you mean 'course_rules\.0\.where'\?/,
    ),
    committed: { recordCount: 0, rejectedRecordCount: 0 },
  },
  {
    case: "destination-config/course-rule-condition-misspelt.json",
    bin: "destination-learners",
    args: DESTINATION_CHECK,
    exit: 0,
    outcome: failed(
      /'course_rules\.0\.where\.departmnet' is not a setting; did you mean 'course_rules\.0\.where\.department'\?/,
    ),
  },
];

const catalog: Expectation[] = [
  {
    case: "catalog/not-json.txt",
    bin: "source-hibob",
    args: SOURCE_READ_CATALOG,
    exit: 1,
    outcome: configError(/catalog file '.*' is not valid JSON/),
  },
  {
    case: "catalog/no-streams-key.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CATALOG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/catalog file '.*' is not a valid configured catalog: streams: .*array/),
  },
  {
    case: "catalog/streams-not-array.json",
    bin: "source-hibob",
    args: SOURCE_READ_CATALOG,
    exit: 1,
    outcome: configError(/not a valid configured catalog: streams: .*expected array, received object/),
  },
  {
    case: "catalog/unknown-stream.json",
    bin: "source-hibob",
    args: SOURCE_READ_CATALOG,
    exit: 1,
    outcome: configError(/stream 'payroll', which this source does not have\. Streams: employees.*Refresh/),
  },
  {
    case: "catalog/incremental-unsupported.json",
    bin: "source-hibob",
    args: SOURCE_READ_CATALOG,
    exit: 1,
    outcome: configError(/Stream 'named_lists' cannot be read as incremental; it supports full_refresh/),
  },
  {
    case: "catalog/sync-mode-invalid.json",
    bin: "source-hibob",
    args: SOURCE_READ_CATALOG,
    exit: 1,
    outcome: configError(/streams\.0\.sync_mode: .*"full_refresh"\|"incremental"/),
  },
  {
    case: "catalog/stream-json-schema-missing.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CATALOG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/streams\.0\.stream\.json_schema: expected an object/),
  },
  {
    case: "catalog/employees-missing.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CATALOG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/catalog has no 'employees' stream.*Select it in the connection/),
  },
  {
    case: "catalog/destination-sync-mode-invalid.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CATALOG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/streams\.0\.destination_sync_mode: .*"append_dedup"/),
  },
  {
    case: "catalog/destination-sync-mode-overwrite.json",
    bin: "destination-learners",
    args: DESTINATION_WRITE_CATALOG,
    stdin: "destination-input.jsonl",
    exit: 1,
    outcome: configError(/destination_sync_mode 'overwrite'.*append_dedup, update, soft_delete/),
  },
];

const state: Expectation[] = [
  {
    case: "state/not-json.txt",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 1,
    outcome: configError(/state file '.*' is not valid JSON/),
  },
  {
    case: "state/number.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 1,
    outcome: configError(/state file is not an array of Airbyte state messages.*no --state to start afresh/),
  },
  {
    case: "state/record-message.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 1,
    outcome: configError(
      /state file is not an array of Airbyte state messages.*Pass the states the destination/,
    ),
  },
  {
    case: "state/stream-state-not-object.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 1,
    outcome: configError(/state messages at 0\.stream\.stream_state/),
  },
  {
    case: "state/global-without-stream-states.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 1,
    outcome: configError(/state messages at 0\.global\.stream_states/),
  },
  {
    case: "state/legacy-object.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 0,
    outcome: warn(/old LEGACY format.*every stream starts afresh/),
    records: EMPLOYEES,
  },
  {
    case: "state/employees-fingerprints-number.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 0,
    outcome: warn(
      /saved state .* is not one this stream understands at fingerprints .*reading everything again/,
    ),
    records: EMPLOYEES,
  },
  {
    case: "state/employees-fingerprints-garbage.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 0,
    outcome: warn(/not one this stream understands at fingerprints \(must be id:fingerprint pairs/),
    records: EMPLOYEES,
  },
  {
    case: "state/unknown-stream.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 0,
    outcome: warn(/state .*stream 'payroll'.*(not|no)/),
    records: EMPLOYEES,
  },
  {
    case: "state/stream-without-descriptor.json",
    bin: "source-hibob",
    args: SOURCE_READ_STATE,
    exit: 1,
    outcome: configError(/state .*0\.stream.*stream_descriptor|STREAM state .*names no stream/),
  },
];

const stdin: Expectation[] = [
  {
    case: "stdin/non-json-line.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Skipped input line 3: it is not JSON: this line is not json/),
    committed: { recordCount: 3, rejectedRecordCount: 0 },
  },
  {
    case: "stdin/record-missing-data.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Skipped input line 2: it is not an Airbyte message \(.* at record\.data\)/),
    committed: { recordCount: 2, rejectedRecordCount: 0 },
  },
  {
    case: "stdin/record-data-array.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(
      /^Skipped input line 2: it is not an Airbyte message \(expected an object at record\.data\)/,
    ),
    committed: { recordCount: 1, rejectedRecordCount: 0 },
  },
  {
    case: "stdin/other-stream.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/stream 'named_lists' are not written.*counted as rejected\. Deselect the stream/),
    committed: { recordCount: 2, rejectedRecordCount: 1 },
  },
  {
    case: "stdin/employee-without-id.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Rejected .*no\.id@acme\.test.*: employee has no id/),
    committed: { recordCount: 2, rejectedRecordCount: 1 },
  },
  {
    case: "stdin/employee-without-email.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Rejected .*242.*: employee has no email \(root\.email\)/),
    committed: { recordCount: 2, rejectedRecordCount: 1 },
  },
  {
    case: "stdin/email-not-an-address.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Rejected .*252.*: email 'person\.252 at acme\.test' is not an address/),
    committed: { recordCount: 1, rejectedRecordCount: 1 },
  },
  {
    case: "stdin/start-date-not-iso.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Rejected .*257.*: start date '03\/04\/2024' is not YYYY-MM-DD/),
    committed: { recordCount: 1, rejectedRecordCount: 1 },
  },
  {
    case: "stdin/duplicate-email.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Rejected .*262.*: duplicate email: also used by employee 261/),
    committed: { recordCount: 1, rejectedRecordCount: 2 },
  },
  {
    case: "stdin/unknown-lifecycle.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Rejected .*267.*: unknown lifecycle status 'retired-ish'/),
    committed: { recordCount: 1, rejectedRecordCount: 1 },
  },
  {
    case: "stdin/truncated-last-line.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Skipped input line 5: it is not JSON: \{"type":"RECORD"/),
    committed: { recordCount: 2, rejectedRecordCount: 0 },
  },
  {
    case: "stdin/state-unknown-type.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(
      /^Skipped input line 2: it is not an Airbyte message \(.*"STREAM"\|"GLOBAL".* at state\.type\)/,
    ),
    committed: { recordCount: 2, rejectedRecordCount: 0 },
  },
  {
    case: "stdin/unknown-message-type.jsonl",
    bin: "destination-learners",
    args: DESTINATION_WRITE,
    stdin: "case",
    exit: 0,
    outcome: warn(/^Skipped input line 2: it is not an Airbyte message \(.* at type\)/),
    committed: { recordCount: 1, rejectedRecordCount: 0 },
  },
];

const RUNNER_OWN_FILES = [
  ...["sync", "--source-config", "{{SOURCE_CONFIG}}", "--destination-config", "{{DESTINATION_CONFIG}}"],
  ...["--state-dir", "{{TMP}}/state", "--connection", "corpus"],
];

const runner: Expectation[] = [
  {
    case: "runner/state-dir-is-a-file.args",
    bin: "hibob-learners",
    exit: 2,
    outcome: {
      kind: "usage",
      match:
        /^hibob-learners sync: --state-dir '.*state-dir-is-a-file\.args' is a file or lies under one, not a folder\. Give --state-dir a folder/,
    },
  },
  {
    case: "runner/state-json-cut-short.txt",
    bin: "hibob-learners",
    args: RUNNER_OWN_FILES,
    place: "{{TMP}}/state/corpus/state.json",
    exit: 1,
    outcome: {
      kind: "report",
      match:
        /Failed: runner, config_error: The saved state .*state\.json is not valid JSON: .*Delete it \(the next sync then runs as a first sync\) or restore it from a backup\./,
    },
  },
  {
    case: "runner/connection-json-cut-short.txt",
    bin: "hibob-learners",
    args: RUNNER_OWN_FILES,
    place: "{{TMP}}/state/corpus/connection.json",
    exit: 1,
    outcome: {
      kind: "report",
      match:
        /Failed: runner, config_error: The connection's binding .*connection\.json is not valid JSON: .*hibob-learners reset/,
    },
  },
  {
    case: "runner/runs-jsonl-cut-short.txt",
    bin: "hibob-learners",
    args: RUNNER_OWN_FILES,
    place: "{{TMP}}/state/corpus/runs.jsonl",
    exit: 0,
    // A crash mid-append cut the history's last line short: the next sync runs and appends on a line of its own.
    outcome: { kind: "report", match: /succeeded in/ },
    afterwards: { file: "{{TMP}}/state/corpus/runs.jsonl", problems: historyAppended },
  },
  {
    case: "runner/no-destination-config.args",
    bin: "hibob-learners",
    exit: 2,
    outcome: {
      kind: "usage",
      match: /--destination-config FILE is required[\s\S]*Usage: hibob-learners sync/,
    },
  },
  {
    case: "runner/streams-unknown.args",
    bin: "hibob-learners",
    exit: 1,
    outcome: { kind: "report", match: /Failed: runner, config_error: Unknown stream 'payroll' in --streams/ },
  },
  {
    case: "runner/streams-empty.args",
    bin: "hibob-learners",
    exit: 2,
    outcome: { kind: "usage", match: /--streams names no stream/ },
  },
  {
    case: "runner/connection-traversal.args",
    bin: "hibob-learners",
    exit: 2,
    outcome: { kind: "usage", match: /--connection '\.\.\/x' must be a folder name: letters, digits/ },
  },
  {
    case: "runner/flag-misspelt.args",
    bin: "hibob-learners",
    exit: 2,
    outcome: { kind: "usage", match: /Unknown option '--stream'/ },
  },
  {
    case: "runner/source-config-missing-file.args",
    bin: "hibob-learners",
    exit: 1,
    outcome: {
      kind: "report",
      match: /Failed: runner, config_error: --source-config .*no-such-source\.json cannot be read/,
    },
  },
  {
    case: "runner/source-config-not-json.txt",
    bin: "hibob-learners",
    args: RUNNER_SOURCE,
    exit: 1,
    outcome: {
      kind: "report",
      match:
        /Failed: runner, config_error: --source-config .* is not JSON .*Pass the source-hibob config as a JSON file/,
    },
  },
  {
    case: "runner/source-config-wrong-token.json",
    bin: "hibob-learners",
    args: RUNNER_SOURCE,
    exit: 1,
    outcome: {
      kind: "report",
      match: /Failed: source, config_error: .*401.*Check service_user_id and service_user_token/,
    },
  },
  {
    case: "runner/destination-config-bad-field.json",
    bin: "hibob-learners",
    args: RUNNER_DESTINATION,
    exit: 1,
    outcome: {
      kind: "report",
      match:
        /Failed: runner, config_error: --destination-config .*'max_archive_percent' too big: expected number to be <=100/,
    },
  },
  {
    case: "runner/destination-config-scim-secret.json",
    bin: "hibob-learners",
    args: RUNNER_DESTINATION,
    exit: 1,
    outcome: {
      kind: "report",
      match: /Failed: runner, config_error: --destination-config .*'target\.base_url'/,
    },
  },
  {
    case: "runner/destination-config-misspelt.json",
    bin: "hibob-learners",
    args: RUNNER_DESTINATION,
    exit: 1,
    outcome: {
      kind: "report",
      match:
        /Failed: runner, config_error: --destination-config .*'dryrun' is not a setting; did you mean 'dry_run'\?/,
    },
  },
  {
    case: "runner/source-config-misspelt.json",
    bin: "hibob-learners",
    args: RUNNER_SOURCE,
    exit: 1,
    outcome: {
      kind: "report",
      match:
        /Failed: runner, config_error: --source-config .*'apiUrl' is not a setting; did you mean 'api_url'\?/,
    },
  },
  {
    case: "runner/source-config-api-url-not-url.json",
    bin: "hibob-learners",
    args: RUNNER_SOURCE,
    exit: 1,
    outcome: { kind: "report", match: /Failed: runner, config_error: --source-config .*'api_url'/ },
  },
];

export const EXPECTATIONS: readonly Expectation[] = [
  ...sourceConfig,
  ...destinationConfig,
  ...catalog,
  ...state,
  ...stdin,
  ...runner,
];
