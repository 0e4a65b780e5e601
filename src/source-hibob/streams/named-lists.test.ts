import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureEmitter } from "../../../test/helpers/capture.js";
import { type HibobEmulator, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { type AirbyteMessage, emptyState, readCatalog } from "../../protocol/index.js";
import { SourceConfig } from "../config.js";
import { createRun } from "../run.js";
import { listItemRecords, namedListsStream } from "./named-lists.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let emulator: HibobEmulator;
beforeAll(async () => {
  emulator = await startHibobEmulator({ employees: 5, rateLimits: false, firewall: false });
});
afterAll(() => emulator.close());

function config(apiUrl: string): SourceConfig {
  return SourceConfig.parse({
    service_user_id: "emulator",
    service_user_token: "emulator-token",
    api_url: apiUrl,
  });
}

async function readAll(apiUrl: string): Promise<AirbyteMessage[]> {
  const { emitter, messages } = captureEmitter();
  const catalog = {
    streams: [
      {
        stream: { name: "named_lists", json_schema: {}, supported_sync_modes: ["full_refresh" as const] },
        sync_mode: "full_refresh" as const,
        destination_sync_mode: "overwrite" as const,
      },
    ],
  };
  await readCatalog([namedListsStream], createRun(config(apiUrl)), catalog, emptyState, emitter);
  return messages();
}

const recordsOf = (messages: AirbyteMessage[]) =>
  messages.flatMap((m) => (m.type === "RECORD" ? [m.record.data] : []));

/** A loopback Bob that answers every request with one JSON body, for shapes the emulator does not produce. */
async function serveJson(body: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

describe("named_lists", () => {
  it("reads the object keyed by list name, archived items and children included, all valid", async () => {
    const messages = await readAll(emulator.baseUrl);
    const records = recordsOf(messages);
    expect(records.length).toBeGreaterThan(100);
    const validate = addFormats(new Ajv({ strict: false })).compile(
      await namedListsStream.jsonSchema(createRun(config(emulator.baseUrl))),
    );
    for (const record of records) expect(validate(record), JSON.stringify(validate.errors)).toBe(true);

    expect(records.some((r) => r.list_name === "department" && r.archived === true)).toBe(true);
    const children = records.filter((r) => r.list_name === "costCenters" && r.parent_id !== null);
    expect(children.length).toBeGreaterThan(0);
    const parentIds = new Set(
      records.filter((r) => r.list_name === "costCenters" && r.parent_id === null).map((r) => r.id),
    );
    for (const child of children) expect(parentIds.has(child.parent_id)).toBe(true);

    const keys = records.map((r) => `${String(r.list_name)}/${String(r.id)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(messages.at(-2)).toMatchObject({
      type: "STATE",
      state: { stream: { stream_state: { __ab_no_cursor_state_message: true } } },
    });
  });

  it("reads the documented array shape too, with numeric ids as strings", async () => {
    const bob = await serveJson([
      {
        name: "site",
        values: [
          { id: 7, value: "London", name: "London", archived: false, children: [] },
          {
            id: "region-1",
            value: "EMEA",
            name: "EMEA",
            archived: true,
            children: [{ id: 8, value: "Paris", name: "Paris", archived: false }],
          },
        ],
      },
      { name: "empty", items: [] },
    ]);
    try {
      expect(recordsOf(await readAll(bob.url))).toEqual([
        { list_name: "site", id: "7", value: "London", name: "London", archived: false, parent_id: null },
        { list_name: "site", id: "region-1", value: "EMEA", name: "EMEA", archived: true, parent_id: null },
        { list_name: "site", id: "8", value: "Paris", name: "Paris", archived: false, parent_id: "region-1" },
      ]);
    } finally {
      await bob.close();
    }
  });

  it.each([
    ["object keyed by name, items only", { pronouns: { name: "pronouns", items: [{ id: "she" }] } }],
    ["object entry without a name", { pronouns: { values: [{ id: "she" }] } }],
  ])("takes the %s", (_label, body) => {
    expect(listItemRecords(body)).toEqual([
      { list_name: "pronouns", id: "she", value: null, name: null, archived: null, parent_id: null },
    ]);
  });

  it("fails as a system error on a body that is no list at all", () => {
    expect(() => listItemRecords("<html>")).toThrow(/unexpected shape/);
  });
});
