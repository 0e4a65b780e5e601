import type { JsonSchema } from "../../protocol/index.js";
import { nullable, nullableDate, nullableObject, recordSchema } from "./json-schema.js";

export type HistoryTable = "work" | "employment" | "lifecycle";

const common: Record<string, JsonSchema> = {
  employee_id: { type: "string" },
  id: { type: "string" },
  effectiveDate: nullableDate,
  endEffectiveDate: nullableDate,
  activeEffectiveDate: nullableDate,
  isCurrent: nullable("boolean"),
  creationDate: nullableDate,
  modificationDate: nullableDate,
  change: nullableObject({
    reason: nullable("string"),
    changedBy: nullable("string"),
    changedById: nullable("string"),
  }),
  customColumns: nullableObject(),
  canBeDeleted: nullable("boolean"),
};

const workingPattern = nullableObject({
  workingPatternType: nullable("string"),
  days: nullableObject(
    Object.fromEntries(
      ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].map((day) => [
        day,
        nullable("number"),
      ]),
    ),
  ),
  hoursPerDay: nullable("number"),
  workingPatternId: nullable("integer"),
});

const columns: Record<HistoryTable, Record<string, JsonSchema>> = {
  work: {
    title: nullable("string"),
    department: nullable("string"),
    site: nullable("string"),
    siteId: nullable("integer"),
    reportsTo: nullableObject({
      id: nullable("string"),
      firstName: nullable("string"),
      surname: nullable("string"),
      email: nullable("string"),
      displayName: nullable("string"),
    }),
    workChangeType: nullable("string"),
  },
  employment: {
    contract: nullable("string"),
    type: nullable("string"),
    fte: nullable("number"),
    weeklyHours: nullable("number"),
    salaryPayType: nullable("string"),
    flsaCode: nullable("string"),
    calendarId: nullable("integer"),
    calendarName: nullable("string"),
    hoursInDayNotWorked: nullable("number"),
    personalWorkingPatternType: nullable("string"),
    workingPattern,
    standardWorkingPattern: workingPattern,
    standardWorkingPatternId: nullable("integer"),
    siteWorkingPattern: workingPattern,
    actualWorkingPattern: workingPattern,
  },
  lifecycle: {
    status: nullable("string"),
    employeeStatus: nullable("string"),
    reasonType: nullable("string"),
    leaveReason: nullable("string"),
  },
};

/** The record schema of one history table: the columns every table shares plus its own. */
export function historySchema(table: HistoryTable): JsonSchema {
  return recordSchema({ ...common, ...columns[table] }, ["employee_id", "id"]);
}
