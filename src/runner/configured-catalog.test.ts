import { describe, expect, it } from "vitest";
import type { AirbyteStream, Catalog } from "../protocol/index.js";
import { configuredCatalog, DEFAULT_STREAMS, UnknownStreamError } from "./configured-catalog.js";

const employees: AirbyteStream = {
  name: "employees",
  json_schema: { type: "object" },
  supported_sync_modes: ["full_refresh", "incremental"],
  source_defined_cursor: true,
  default_cursor_field: ["updated_at"],
  source_defined_primary_key: [["id"]],
};

const history: AirbyteStream = {
  name: "employment_history",
  json_schema: { type: "object" },
  supported_sync_modes: ["full_refresh"],
  source_defined_primary_key: [["employee_id"], ["id"]],
};

const sites: AirbyteStream = {
  name: "sites",
  json_schema: { type: "object" },
  supported_sync_modes: ["full_refresh"],
};

const catalog: Catalog = { streams: [employees, history, sites] };

describe("configuredCatalog", () => {
  it("selects the employees stream by default", () => {
    expect(DEFAULT_STREAMS).toEqual(["employees"]);
    expect(configuredCatalog(catalog).streams.map(({ stream }) => stream.name)).toEqual(["employees"]);
  });

  it("reads employees in full at every sync, deduplicated on the source's primary key", () => {
    expect(configuredCatalog(catalog, ["employees"]).streams).toEqual([
      {
        stream: employees,
        sync_mode: "full_refresh",
        primary_key: [["id"]],
        destination_sync_mode: "append_dedup",
      },
    ]);
  });

  it("syncs another incremental stream incrementally on the source's cursor and primary key", () => {
    const changes: AirbyteStream = { ...employees, name: "time_off_changes" };
    expect(configuredCatalog({ streams: [changes] }, ["time_off_changes"]).streams).toEqual([
      {
        stream: changes,
        sync_mode: "incremental",
        cursor_field: ["updated_at"],
        primary_key: [["id"]],
        destination_sync_mode: "append_dedup",
      },
    ]);
  });

  it("syncs a full-refresh-only stream in full, without a cursor", () => {
    const [configured, ...rest] = configuredCatalog(catalog, ["employment_history"]).streams;
    expect(rest).toEqual([]);
    expect(configured).toEqual({
      stream: history,
      sync_mode: "full_refresh",
      primary_key: [["employee_id"], ["id"]],
      destination_sync_mode: "append_dedup",
    });
    expect(configured).not.toHaveProperty("cursor_field");
  });

  it("leaves out the primary key of a stream that defines none", () => {
    const [configured] = configuredCatalog(catalog, ["sites"]).streams;
    expect(configured).not.toHaveProperty("primary_key");
    expect(configured).not.toHaveProperty("cursor_field");
  });

  it("gives an incremental stream without a default cursor no cursor field", () => {
    const { default_cursor_field, ...withoutCursor } = employees;
    const noCursor: AirbyteStream = { ...withoutCursor, name: "people" };
    const [configured] = configuredCatalog({ streams: [noCursor] }, ["people"]).streams;
    expect(configured?.sync_mode).toBe("incremental");
    expect(configured).not.toHaveProperty("cursor_field");
  });

  it("keeps the requested order", () => {
    expect(
      configuredCatalog(catalog, ["sites", "employees", "employment_history"]).streams.map(
        ({ stream }) => stream.name,
      ),
    ).toEqual(["sites", "employees", "employment_history"]);
  });

  it("collapses duplicates", () => {
    expect(
      configuredCatalog(catalog, ["employees", "sites", "employees"]).streams.map(
        ({ stream }) => stream.name,
      ),
    ).toEqual(["employees", "sites"]);
  });

  it.each([
    { streams: ["employes"], named: "'employes'" },
    { streams: ["employees", "teams", "payroll"], named: "'teams', 'payroll'" },
  ])("refuses unknown streams $streams, listing what the source offers", ({ streams, named }) => {
    expect(() => configuredCatalog(catalog, streams)).toThrow(UnknownStreamError);
    expect(() => configuredCatalog(catalog, streams)).toThrow(
      `Unknown stream ${named} in --streams; the source offers employees, employment_history, sites.`,
    );
  });

  it("refuses the default stream when the source does not offer it", () => {
    expect(() => configuredCatalog({ streams: [sites] })).toThrow(UnknownStreamError);
  });
});
