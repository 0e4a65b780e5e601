import { describe, expect, it } from "vitest";
import { FIELD_GROUPS } from "../source-hibob/field-groups.js";
import { renderPermissionDocs } from "../source-hibob/permission-docs.js";
import { permissionGuide } from "./permission-guide.js";

describe("the permission guide", () => {
  const guide = permissionGuide();

  it("is the field groups docs/setup-hibob.md is generated from: every field the docs table names", () => {
    const docs = renderPermissionDocs();
    expect(guide.groups.map((group) => group.id)).toEqual(FIELD_GROUPS.map((group) => group.id));
    for (const group of guide.groups) {
      expect(docs).toContain(`\`${group.id}\``);
      for (const field of group.fields) expect(docs).toContain(`\`${field.id}\` ${field.name}`);
    }
  });

  it("asks for Bob's id whatever is chosen, marks the privacy-minded defaults, and says what to do for leavers", () => {
    expect(guide.always).toEqual({ id: "root.id", name: "ID", category: "Basic info" });
    expect(guide.groups.filter((group) => group.default).map((group) => group.id)).toEqual([
      "basic_info",
      "work",
      "employment",
      "lifecycle",
      "contact_phone",
    ]);
    expect(guide.groups.filter((group) => group.sensitive).every((group) => !group.default)).toBe(true);
    expect(guide.accessDataFor).toContain("Terminated");
    expect(guide.delayHint).toContain("10 seconds");
  });
});
