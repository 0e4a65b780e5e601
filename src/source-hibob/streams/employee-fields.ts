import type { SourceStream } from "../../protocol/index.js";
import type { HibobRun } from "../run.js";
import { nullable, nullableObject, recordSchema } from "./json-schema.js";

const schema = recordSchema(
  {
    id: { type: "string" },
    name: nullable("string"),
    categoryId: nullable("string"),
    category: nullable("string"),
    categoryDisplayName: nullable("string"),
    description: nullable("string"),
    jsonPath: nullable("string"),
    type: nullable("string"),
    typeData: nullableObject({ listId: nullable("string") }),
    historical: nullable("boolean"),
  },
  ["id"],
);

/** Bob's field catalogue (`GET /company/people/fields`), one record per field, as Bob describes it. */
export const employeeFieldsStream: SourceStream<HibobRun> = {
  name: "employee_fields",
  primaryKey: [["id"]],
  syncModes: ["full_refresh"],
  jsonSchema: () => Promise.resolve(schema),
  async read(run, { out }) {
    for (const field of await run.fieldMetadata()) await out.record({ ...field });
  },
};
