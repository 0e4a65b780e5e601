import { readFile } from "node:fs/promises";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { FIELD_GROUPS, type FieldGroup } from "./field-groups.js";
import {
  permissionBlock,
  renderPermissionDocs,
  replacePermissionBlock,
  STREAM_PERMISSIONS,
} from "./permission-docs.js";
import { STREAMS } from "./source.js";

const docUrl = new URL("../../docs/setup-hibob.md", import.meta.url);

/** The rendering as `npm run docs` leaves it once Prettier has aligned the tables. */
async function formatted(markdown: string): Promise<string> {
  const options = (await resolveConfig(docUrl)) ?? {};
  return (await format(markdown, { ...options, parser: "markdown" })).trim();
}

const committedBlock = async (): Promise<string> => permissionBlock(await readFile(docUrl, "utf8"));

describe("the permission section of docs/setup-hibob.md", () => {
  it("is the current rendering (regenerate with `npm run docs`)", async () => {
    expect(await committedBlock()).toBe(await formatted(renderPermissionDocs()));
  });

  it("names every field id of every field group", () => {
    const rendered = renderPermissionDocs();
    for (const group of FIELD_GROUPS) {
      expect(rendered).toContain(`\`${group.id}\``);
      for (const field of group.fields) expect(rendered).toContain(`\`${field.id}\` ${field.name}`);
    }
  });

  it("goes stale when a field group gains a field", async () => {
    const groups: FieldGroup[] = FIELD_GROUPS.map((group) =>
      group.id === "work"
        ? { ...group, fields: [...group.fields, { id: "work.secondTitle", name: "Second title" }] }
        : group,
    );
    const rendered = await formatted(renderPermissionDocs(groups));
    expect(rendered).toContain("`work.secondTitle` Second title");
    expect(await committedBlock()).not.toBe(rendered);
  });

  it("covers every stream the source offers, once", () => {
    const documented = STREAM_PERMISSIONS.flatMap((entry) => entry.streams);
    expect([...documented].sort()).toEqual(STREAMS.map((stream) => stream.name).sort());
  });
});

describe("replacePermissionBlock", () => {
  it("replaces only the text between the markers", () => {
    const doc =
      "before\n<!-- generated:permissions:start -->\nold\n<!-- generated:permissions:end -->\nafter\n";
    const replaced = replacePermissionBlock(doc, "new");
    expect(replaced).toBe(
      "before\n<!-- generated:permissions:start -->\n\nnew\n\n<!-- generated:permissions:end -->\nafter\n",
    );
    expect(permissionBlock(replaced)).toBe("new");
  });

  it("refuses a document without the markers", () => {
    expect(() => replacePermissionBlock("no markers here", "new")).toThrow(/generated:permissions:start/);
  });
});
