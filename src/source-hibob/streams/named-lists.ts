import { z } from "zod";
import { type SourceStream, SystemError } from "../../protocol/index.js";
import type { HibobRun } from "../run.js";
import { nullable, recordSchema } from "./json-schema.js";

interface ListItem {
  readonly id: string | number;
  readonly value?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly archived?: boolean | null | undefined;
  readonly children?: readonly ListItem[] | null | undefined;
}

// Item ids are strings on real tenants (the docs say integer); both are accepted and emitted as strings.
const ListItem: z.ZodType<ListItem> = z.lazy(() =>
  z.looseObject({
    id: z.union([z.string(), z.number()]),
    value: z.string().nullish(),
    name: z.string().nullish(),
    archived: z.boolean().nullish(),
    children: z.array(ListItem).nullish(),
  }),
);

// `values` and `items` hold the same array; either may be missing.
const NamedList = z.looseObject({
  name: z.string().optional(),
  values: z.array(ListItem).optional(),
  items: z.array(ListItem).optional(),
});

/** Real tenants answer an object keyed by list name; the docs describe an array. */
const NamedLists = z.union([z.record(z.string(), NamedList), z.array(NamedList)]);

export interface NamedListItemRecord {
  readonly list_name: string;
  readonly id: string;
  readonly value: string | null;
  readonly name: string | null;
  readonly archived: boolean | null;
  readonly parent_id: string | null;
}

/** Every item of every list, hierarchy children flattened after their parent. */
export function listItemRecords(body: unknown): NamedListItemRecord[] {
  const parsed = NamedLists.safeParse(body);
  if (!parsed.success) {
    throw new SystemError(
      `Bob's named lists came in an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}.`,
    );
  }
  const lists: [string, z.infer<typeof NamedList>][] = Array.isArray(parsed.data)
    ? parsed.data.map((list, index) => [list.name ?? String(index), list])
    : Object.entries(parsed.data).map(([key, list]) => [list.name ?? key, list]);
  const records: NamedListItemRecord[] = [];
  const walk = (listName: string, items: readonly ListItem[], parentId: string | null): void => {
    for (const item of items) {
      const id = String(item.id);
      records.push({
        list_name: listName,
        id,
        value: item.value ?? null,
        name: item.name ?? null,
        archived: item.archived ?? null,
        parent_id: parentId,
      });
      walk(listName, item.children ?? [], id);
    }
  };
  for (const [listName, list] of lists) walk(listName, list.values ?? list.items ?? [], null);
  return records;
}

const schema = recordSchema(
  {
    list_name: { type: "string" },
    id: { type: "string" },
    value: nullable("string"),
    name: nullable("string"),
    archived: nullable("boolean"),
    parent_id: nullable("string"),
  },
  ["list_name", "id"],
);

/** Bob's named lists (`GET /company/named-lists`), archived items included, one record per item. */
export const namedListsStream: SourceStream<HibobRun> = {
  name: "named_lists",
  primaryKey: [["list_name"], ["id"]],
  syncModes: ["full_refresh"],
  jsonSchema: () => Promise.resolve(schema),
  async read(run, { out }) {
    const body = await run.api(out).get<unknown>("/company/named-lists", { includeArchived: true });
    for (const record of listItemRecords(body)) await out.record({ ...record });
  },
};
