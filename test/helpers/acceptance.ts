/**
 * The connector acceptance test (CAT) assertions, restated for a TypeScript harness that spawns the built bins
 * (the platform's connector acceptance test checks). Each check returns a list of problems, empty when it passes, so a
 * suite reads `expect(check(...)).toEqual([])` and a failure names the stream, record or field at fault.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { z } from "zod";
import type { EmulatorOptions } from "@hibob-learners/hibob-emulator";
import {
  AirbyteMessage,
  type AirbyteStream,
  type ConfiguredCatalog,
  type StateMessage,
} from "../../src/protocol/index.js";
import { protocolErrors } from "./airbyte-schema.js";
import { REPO_ROOT } from "./spawn.js";

type Json = Record<string, unknown>;

export const SOURCE_ACCEPTANCE_DIR = join(REPO_ROOT, "integration_tests/source-hibob");
export const ACCEPTANCE_CONFIG_PATH = join(SOURCE_ACCEPTANCE_DIR, "acceptance-test-config.yml");

/** The emulator credential of the sample config; it must never show in a connector's output. */
export const EMULATOR_USER = { id: "emulator", token: "emulator-token" } as const;

/**
 * The company the acceptance files describe. Business date and seed are fixed, so the records (tenure counters
 * included) are the same on every run; the terminated scope makes leavers visible, as the source expects.
 */
export const ACCEPTANCE_COMPANY = {
  employees: 12,
  seed: 42,
  today: "2026-06-30",
  rateLimits: false,
  serviceUsers: [{ ...EMULATOR_USER, scope: { terminated: true } }],
} as const satisfies EmulatorOptions;

// ---- acceptance-test-config.yml ---------------------------------------------------------------------------

const IgnoredFields = z.record(
  z.string(),
  z.array(z.looseObject({ name: z.string(), bypass_reason: z.string() })),
);
const Tests = <T extends z.ZodType>(test: T) => z.looseObject({ tests: z.array(test).min(1) });

export const AcceptanceConfig = z.looseObject({
  connector_image: z.string(),
  test_strictness_level: z.enum(["low", "high"]),
  acceptance_tests: z.looseObject({
    spec: Tests(z.looseObject({ spec_path: z.string(), config_path: z.string() })),
    connection: Tests(
      z.looseObject({ config_path: z.string(), status: z.enum(["succeed", "failed", "exception"]) }),
    ),
    discovery: Tests(z.looseObject({ config_path: z.string() })),
    basic_read: Tests(
      z.looseObject({
        config_path: z.string(),
        configured_catalog_path: z.string().optional(),
        empty_streams: z.array(z.looseObject({ name: z.string(), bypass_reason: z.string() })).optional(),
        expect_records: z.looseObject({ path: z.string(), exact_order: z.boolean().optional() }),
        ignored_fields: IgnoredFields.optional(),
      }),
    ),
    full_refresh: Tests(
      z.looseObject({
        config_path: z.string(),
        configured_catalog_path: z.string(),
        ignored_fields: IgnoredFields.optional(),
      }),
    ),
    incremental: Tests(
      z.looseObject({
        config_path: z.string(),
        configured_catalog_path: z.string(),
        future_state: z.looseObject({ future_state_path: z.string() }),
      }),
    ),
  }),
});
export type AcceptanceConfig = z.infer<typeof AcceptanceConfig>;

export async function loadAcceptanceConfig(path = ACCEPTANCE_CONFIG_PATH): Promise<AcceptanceConfig> {
  return AcceptanceConfig.parse(parse(await readFile(path, "utf8")));
}

/** Paths in the config are relative to its folder, as the CAT reads them. */
export function acceptancePath(relative: string, configPath = ACCEPTANCE_CONFIG_PATH): string {
  return join(dirname(configPath), relative);
}

export async function readJsonFile(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8")) as unknown;
}

/** `ignored_fields` as stream → `/`-separated paths (the CAT's dpath form). */
export function ignoredPaths(ignored: z.infer<typeof IgnoredFields> | undefined): Map<string, string[]> {
  return new Map(
    Object.entries(ignored ?? {}).map(([stream, fields]) => [stream, fields.map((f) => f.name)]),
  );
}

// ---- messages ---------------------------------------------------------------------------------------------

export interface ParsedOutput {
  readonly messages: AirbyteMessage[];
  /** Lines that are not JSON or not a valid AirbyteMessage under the official schema. */
  readonly problems: string[];
}

/** Parses stdout strictly: every line must be one valid AirbyteMessage. */
export function parseProtocolOutput(stdout: string): ParsedOutput {
  const messages: AirbyteMessage[] = [];
  const problems: string[] = [];
  stdout.split("\n").forEach((line, index) => {
    if (line.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${index + 1} is not JSON: ${line.slice(0, 120)}`);
      return;
    }
    const errors = protocolErrors("AirbyteMessage", value);
    const parsed = AirbyteMessage.safeParse(value);
    if (errors.length > 0 || !parsed.success) {
      problems.push(`line ${index + 1} is not an AirbyteMessage: ${errors.join("; ") || "zod rejected it"}`);
      return;
    }
    messages.push(parsed.data);
  });
  return { messages, problems };
}

export interface StreamRecord {
  readonly stream: string;
  readonly data: Json;
  readonly emitted_at: number;
}

export function recordsIn(messages: readonly AirbyteMessage[], stream?: string): StreamRecord[] {
  return messages.flatMap((m) =>
    m.type === "RECORD" && (stream === undefined || m.record.stream === stream)
      ? [{ stream: m.record.stream, data: m.record.data, emitted_at: m.record.emitted_at }]
      : [],
  );
}

export function statesIn(messages: readonly AirbyteMessage[]): StateMessage[] {
  return messages.flatMap((m) => (m.type === "STATE" ? [m.state] : []));
}

function streamOf(state: StateMessage): string {
  return state.stream?.stream_descriptor.name ?? "";
}

export function errorTraces(messages: readonly AirbyteMessage[]): AirbyteMessage[] {
  return messages.filter((m) => m.type === "TRACE" && m.trace.type === "ERROR");
}

/** The `--state` input for a next read: the last state of each stream, as the platform keeps them. */
export function lastStates(messages: readonly AirbyteMessage[]): StateMessage[] {
  const last = new Map<string, StateMessage>();
  for (const state of statesIn(messages)) last.set(streamOf(state), state);
  return [...last.values()];
}

// ---- record data ------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A deep copy of `data` without the `/`-separated paths; a missing path is fine (the CAT's dpath delete). */
export function withoutFields(data: Json, paths: readonly string[]): Json {
  const copy = structuredClone(data);
  for (const path of paths) {
    const keys = path.split("/");
    const last = keys.pop();
    let node: unknown = copy;
    for (const key of keys) node = isObject(node) ? node[key] : undefined;
    if (last !== undefined && isObject(node)) Reflect.deleteProperty(node, last);
  }
  return copy;
}

/** JSON with sorted keys, so equal records compare equal as strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
}

export function valueAt(data: Json, path: readonly string[]): unknown {
  let node: unknown = data;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

export function primaryKeyOf(data: Json, primaryKey: readonly (readonly string[])[]): string {
  return JSON.stringify(primaryKey.map((path) => valueAt(data, path)));
}

/** Record data per stream as canonical strings, ignored fields removed: what the CAT compares as sets. */
export function recordSet(records: readonly StreamRecord[], ignored: Map<string, string[]>): Set<string> {
  return new Set(
    records.map((r) => `${r.stream} ${canonicalJson(withoutFields(r.data, ignored.get(r.stream) ?? []))}`),
  );
}

export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

// ---- discovery --------------------------------------------------------------------------------------------

const FORBIDDEN_IN_STREAM_SCHEMAS = ["$ref", "allOf", "not"];

/** Every subschema of a JSON schema with its path; property names are not keywords and are not checked. */
function* subschemas(node: Json, path: string): Generator<[string, Json]> {
  yield [path, node];
  if (isObject(node.properties)) {
    for (const [name, child] of Object.entries(node.properties))
      if (isObject(child)) yield* subschemas(child, `${path}.${name}`);
  }
  if (isObject(node.items)) yield* subschemas(node.items, `${path}[]`);
  if (isObject(node.additionalProperties)) yield* subschemas(node.additionalProperties, `${path}{}`);
  for (const keyword of ["oneOf", "anyOf", "allOf"]) {
    const variants = node[keyword];
    if (Array.isArray(variants))
      for (const [i, v] of variants.entries())
        if (isObject(v)) yield* subschemas(v, `${path}.${keyword}[${i}]`);
  }
  if (isObject(node.not)) yield* subschemas(node.not, `${path}.not`);
}

/** Draft-07 validity, no `$ref`/`allOf`/`not`, every `additionalProperties` true. */
export function streamSchemaProblems(stream: AirbyteStream): string[] {
  const problems: string[] = [];
  const ajv = new Ajv({ strict: false });
  if (!ajv.validateSchema(stream.json_schema)) {
    problems.push(`${stream.name}: not a draft-07 schema: ${ajv.errorsText(ajv.errors)}`);
  }
  for (const [path, node] of subschemas(stream.json_schema, stream.name)) {
    for (const keyword of FORBIDDEN_IN_STREAM_SCHEMAS)
      if (keyword in node) problems.push(`${path}: forbidden keyword ${keyword}`);
    if ("additionalProperties" in node && node.additionalProperties !== true)
      problems.push(`${path}: additionalProperties must be true`);
  }
  return problems;
}

/** The subschema at a property path, or undefined when the schema does not declare it. */
export function schemaAt(schema: Json, path: readonly string[]): Json | undefined {
  let node: Json | undefined = schema;
  for (const key of path) {
    const properties: unknown = node?.properties;
    const child = isObject(properties) ? properties[key] : undefined;
    node = isObject(child) ? child : undefined;
  }
  return node;
}

function types(schema: Json): string[] {
  const type = schema.type;
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : [String(type)];
}

/** `default_cursor_field` and primary-key paths exist; keys are not objects or arrays. */
export function cursorAndKeyProblems(stream: AirbyteStream): string[] {
  const problems: string[] = [];
  const cursor = stream.default_cursor_field;
  if (cursor !== undefined && schemaAt(stream.json_schema, cursor) === undefined)
    problems.push(`${stream.name}: default_cursor_field ${cursor.join(".")} is not in the schema`);
  for (const path of stream.source_defined_primary_key ?? []) {
    const key = schemaAt(stream.json_schema, path);
    if (key === undefined)
      problems.push(`${stream.name}: primary key ${path.join(".")} is not in the schema`);
    else if (types(key).some((t) => t === "object" || t === "array"))
      problems.push(`${stream.name}: primary key ${path.join(".")} is an object or array`);
  }
  return problems;
}

// ---- basic read -------------------------------------------------------------------------------------------

/** Everything a read is asked for: each discovered stream, full refresh. */
export function fullRefreshCatalog(streams: readonly AirbyteStream[]): ConfiguredCatalog {
  return {
    streams: streams.map((stream) => ({
      stream,
      sync_mode: "full_refresh",
      destination_sync_mode: "overwrite",
    })),
  };
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Validates records against their stream's discovered schema. The CAT's integers are strict (`1.0` fails);
 * JSON.parse cannot tell `1.0` from `1`, but JSON.stringify never writes `1.0`, and ajv's `integer` rejects any
 * fraction, so this is as strict for a JS connector.
 */
export function recordValidator(streams: readonly AirbyteStream[]): (record: StreamRecord) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>(
    streams.map((s) => [s.name, ajv.compile(s.json_schema)]),
  );
  return (record) => {
    const validate = validators.get(record.stream);
    if (validate === undefined) return [`${record.stream}: a record of a stream the catalog does not have`];
    if (validate(record.data)) return [];
    return (validate.errors ?? []).map((e) => `${record.stream} ${e.instancePath || "/"} ${e.message ?? ""}`);
  };
}

/** Schema validity, shared fields, no extra top-level columns, non-null scalar primary keys. */
export function recordProblems(
  records: readonly StreamRecord[],
  streams: readonly AirbyteStream[],
): string[] {
  const validate = recordValidator(streams);
  const byName = new Map(streams.map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const record of records) {
    const stream = byName.get(record.stream);
    const where = `${record.stream} ${primaryKeyOf(record.data, stream?.source_defined_primary_key ?? [])}`;
    problems.push(...validate(record).map((p) => `${where}: ${p}`));
    const properties = isObject(stream?.json_schema.properties) ? stream.json_schema.properties : {};
    const keys = Object.keys(record.data);
    if (!keys.some((key) => key in properties)) problems.push(`${where}: shares no field with its schema`);
    for (const key of keys) if (!(key in properties)) problems.push(`${where}: extra column ${key}`);
    for (const path of stream?.source_defined_primary_key ?? []) {
      const value = valueAt(record.data, path);
      if (value === null || value === undefined || typeof value === "object")
        problems.push(
          `${where}: primary key ${path.join(".")} is ${value === undefined ? "missing" : JSON.stringify(value)}`,
        );
    }
  }
  return problems;
}

/** Per stream: ≥3 statuses, STARTED first, COMPLETE last, RUNNING in between. */
export function streamStatusProblems(
  messages: readonly AirbyteMessage[],
  streams: readonly string[],
): string[] {
  const statuses = new Map<string, string[]>(streams.map((s) => [s, []]));
  for (const m of messages) {
    if (m.type !== "TRACE" || m.trace.stream_status === undefined) continue;
    const name = m.trace.stream_status.stream_descriptor.name;
    statuses.set(name, [...(statuses.get(name) ?? []), m.trace.stream_status.status]);
  }
  const problems: string[] = [];
  for (const [stream, list] of statuses) {
    const middle = list.slice(1, -1);
    if (
      list.length < 3 ||
      list[0] !== "STARTED" ||
      list.at(-1) !== "COMPLETE" ||
      middle.some((s) => s !== "RUNNING")
    )
      problems.push(`${stream}: statuses ${list.join(" → ") || "none"}`);
  }
  return problems;
}

/** ≥ one state per stream, STREAM states only, `sourceStats.recordCount` on every one. */
export function stateProblems(messages: readonly AirbyteMessage[], streamCount: number): string[] {
  const states = statesIn(messages);
  const problems: string[] = [];
  if (states.length < streamCount) problems.push(`${states.length} states for ${streamCount} streams`);
  for (const state of states) {
    if (state.type !== "STREAM" || state.data !== undefined)
      problems.push(`not a STREAM state: ${canonicalJson(state)}`);
    if (typeof state.sourceStats?.recordCount !== "number")
      problems.push(`${streamOf(state)}: a state without sourceStats.recordCount`);
  }
  return problems;
}

/** Records per stream, to compare with `empty_streams`. */
export function recordCounts(records: readonly StreamRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.stream, (counts.get(r.stream) ?? 0) + 1);
  return counts;
}

/** `expect_records`: each expected record is read (by primary key) with equal data, ignored fields aside. */
export function missingExpectedRecords(
  expected: readonly StreamRecord[],
  actual: readonly StreamRecord[],
  streams: readonly AirbyteStream[],
  ignored: Map<string, string[]>,
): string[] {
  const keyOf = (r: StreamRecord) => {
    const pk = streams.find((s) => s.name === r.stream)?.source_defined_primary_key ?? [];
    return `${r.stream} ${primaryKeyOf(r.data, pk)}`;
  };
  const strip = (r: StreamRecord) => canonicalJson(withoutFields(r.data, ignored.get(r.stream) ?? []));
  const read = new Map(actual.map((r) => [keyOf(r), strip(r)]));
  return expected.flatMap((r) => {
    const found = read.get(keyOf(r));
    if (found === undefined) return [`${keyOf(r)}: not read`];
    return found === strip(r) ? [] : [`${keyOf(r)}: read with other data: ${found.slice(0, 300)}`];
  });
}

export async function readExpectedRecords(path: string): Promise<StreamRecord[]> {
  const Line = z.object({ stream: z.string(), data: z.record(z.string(), z.unknown()), emitted_at: z.int() });
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => Line.parse(JSON.parse(line)));
}

/** The catalog the CAT uses to prove a read fails loudly: a stream that does not exist, an invalid sync mode. */
export const FAILURE_CATALOG = {
  streams: [
    {
      stream: {
        name: "__AIRBYTE__stream_that_does_not_exist",
        json_schema: { type: "object", properties: { f1: { type: "string" } } },
        supported_sync_modes: ["full_refresh"],
      },
      sync_mode: "INVALID",
      destination_sync_mode: "INVALID",
    },
  ],
};

// ---- incremental ------------------------------------------------------------------------------------------

export interface Checkpoint {
  readonly state: StateMessage;
  /** Records the stream emitted after this state in the same read: what a resume from it must return at least. */
  readonly remaining: number;
}

/** A stream's checkpoints (consecutive duplicates dropped) and the records still to come after each. */
export function checkpointsOf(messages: readonly AirbyteMessage[], stream: string): Checkpoint[] {
  const states = statesIn(messages).filter((s) => streamOf(s) === stream);
  const checkpoints: Checkpoint[] = [];
  states.forEach((state, index) => {
    const previous = checkpoints.at(-1);
    if (previous !== undefined && canonicalJson(previous.state.stream) === canonicalJson(state.stream))
      return;
    const remaining = states.slice(index + 1).reduce((sum, s) => sum + (s.sourceStats?.recordCount ?? 0), 0);
    checkpoints.push({ state, remaining });
  });
  return checkpoints;
}

/** About `count` checkpoints spread over the list, first and last included. */
export function sample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = (items.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => items[Math.round(i * step)]).filter(
    (x): x is T => x !== undefined,
  );
}

/** One stream of a configured catalog, as the CAT reads streams one by one for the slice test. */
export function singleStream(catalog: ConfiguredCatalog, stream: string): ConfiguredCatalog {
  return { streams: catalog.streams.filter((s) => s.stream.name === stream) };
}

/** A copy of a config pointing at another API, e.g. the port an emulator got. */
export function withApiUrl(config: unknown, apiUrl: string): Json {
  if (!isObject(config)) throw new TypeError("a config must be a JSON object");
  return { ...config, api_url: apiUrl };
}
