import { describe, expect, it } from "vitest";
import { protocolErrors } from "../../test/helpers/airbyte-schema.js";
import { destinationCatalog } from "./catalog.js";
import { destinationSpec } from "./destination.js";
import { learnerJsonSchema } from "./learner.js";

describe("destinationCatalog", () => {
  it("offers upsert, update and archive of learners, matched by external id then email", () => {
    const catalog = destinationCatalog();
    expect(protocolErrors("DestinationCatalog", catalog)).toEqual([]);
    expect(catalog.operations).toEqual(
      ["append_dedup", "update", "soft_delete"].map((sync_mode) => ({
        object_name: "learners",
        sync_mode,
        json_schema: learnerJsonSchema,
        matching_keys: [["external_id"], ["email"]],
      })),
    );
    expect(destinationSpec.supported_destination_sync_modes).toEqual([
      "append_dedup",
      "update",
      "soft_delete",
    ]);
  });
});
