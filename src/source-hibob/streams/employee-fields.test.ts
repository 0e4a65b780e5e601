import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureEmitter } from "../../../test/helpers/capture.js";
import { type HibobEmulator, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { describeStream, emptyState, readCatalog } from "../../protocol/index.js";
import { SourceConfig } from "../config.js";
import { createRun } from "../run.js";
import { employeeFieldsStream } from "./employee-fields.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let emulator: HibobEmulator;
beforeAll(async () => {
  emulator = await startHibobEmulator({ employees: 5, rateLimits: false, firewall: false });
});
afterAll(() => emulator.close());

function config(): SourceConfig {
  return SourceConfig.parse({
    service_user_id: "emulator",
    service_user_token: "emulator-token",
    api_url: emulator.baseUrl,
  });
}

describe("employee_fields", () => {
  it("emits every field of Bob's metadata as given, each valid against the schema", async () => {
    const run = createRun(config());
    const { emitter, messages } = captureEmitter();
    const catalog = {
      streams: [
        {
          stream: {
            name: "employee_fields",
            json_schema: {},
            supported_sync_modes: ["full_refresh" as const],
          },
          sync_mode: "full_refresh" as const,
          destination_sync_mode: "overwrite" as const,
        },
      ],
    };
    await readCatalog([employeeFieldsStream], run, catalog, emptyState, emitter);
    const records = messages().flatMap((m) => (m.type === "RECORD" ? [m.record.data] : []));
    const metadata = await run.fieldMetadata();
    expect(records).toHaveLength(metadata.length);
    expect(records.length).toBeGreaterThan(50);
    expect(records.find((r) => r.id === "work.department")).toMatchObject({
      name: "Department",
      categoryId: "work",
      jsonPath: "work.department",
      type: "list",
      typeData: { listId: "department" },
      historical: true,
    });

    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(await employeeFieldsStream.jsonSchema(run));
    for (const record of records) expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    expect(messages().at(-1)).toMatchObject({ trace: { stream_status: { status: "COMPLETE" } } });
  });

  it("is described as a full-refresh stream keyed by id", async () => {
    const described = await describeStream(employeeFieldsStream, createRun(config()));
    expect(described).toMatchObject({
      name: "employee_fields",
      supported_sync_modes: ["full_refresh"],
      source_defined_primary_key: [["id"]],
    });
    expect(described.source_defined_cursor).toBeUndefined();
  });
});
