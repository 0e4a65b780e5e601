// Custom tables: metadata, and entries per employee only (there is no bulk endpoint). Entries are
// derived from the seed and the employee index, so they cost no memory until read.

import {
  CERTIFICATION_LIST,
  CUSTOM_CATEGORY,
  CUSTOM_TABLE_COLUMNS as COL,
  CUSTOM_TABLE_ID,
} from "./custom.js";
import { addDays, humanDate } from "./dates.js";
import { currentWork, displayName } from "./employee.js";
import type { Company, Employee } from "./model.js";
import { listLabel } from "./named-lists.js";
import { createRandom } from "./prng.js";
import type { Json } from "./view.js";
import { CERTIFICATIONS } from "./vocabulary.js";

export interface CustomTableMetadata {
  id: string;
  category: string;
  name: string;
  description: string | null;
  columns: {
    id: string;
    name: string;
    description: string | null;
    mandatory: boolean;
    type: string;
    typeData: { listId?: string };
  }[];
}

export const CUSTOM_TABLES: readonly CustomTableMetadata[] = [
  {
    id: CUSTOM_TABLE_ID,
    category: CUSTOM_CATEGORY.id,
    name: "Certifications",
    description: "Certificates held, with expiry, for compliance training.",
    columns: [
      {
        id: COL.certification,
        name: "Certification",
        description: null,
        mandatory: true,
        type: "list",
        typeData: { listId: CERTIFICATION_LIST },
      },
      { id: COL.issuedOn, name: "Issued on", description: null, mandatory: true, type: "date", typeData: {} },
      {
        id: COL.expiresOn,
        name: "Expires on",
        description: null,
        mandatory: false,
        type: "date",
        typeData: {},
      },
      {
        id: COL.score,
        name: "Score",
        description: "Assessment score, %",
        mandatory: false,
        type: "number",
        typeData: {},
      },
      {
        id: COL.verifiedBy,
        name: "Verified by",
        description: null,
        mandatory: false,
        type: "employee-reference",
        typeData: {},
      },
    ],
  },
];

export function customTable(id: string): CustomTableMetadata | undefined {
  return CUSTOM_TABLES.find((t) => t.id === id);
}

/** An employee's entries of the certifications table: 0-3 rows, stable for a given seed. */
export function customTableEntries(
  company: Company,
  e: Employee,
  withHuman: boolean,
): Record<string, Json>[] {
  const rng = createRandom((Math.imul(company.seed ^ 0x3c6ef372, 2_246_822_519) + e.index * 97) >>> 0);
  if (e.startDate > company.today) return [];
  const count = rng.weighted([
    [0, 40],
    [1, 35],
    [2, 18],
    [3, 7],
  ] as const);
  const managerId = currentWork(e, company.today).managerId;
  const manager = managerId === null ? undefined : company.byId.get(managerId);
  const admin = company.byId.get(company.adminId);
  const rows: Record<string, Json>[] = [];
  for (let k = 0; k < count; k++) {
    const [certification] = rng.pick(CERTIFICATIONS);
    const issuedOn = addDays(e.startDate, rng.int(0, 900));
    const issued = issuedOn > company.today ? company.today : issuedOn;
    const expiresOn = rng.chance(0.7) ? addDays(issued, rng.pick([365, 730, 1095])) : null;
    const score = rng.chance(0.6) ? rng.int(60, 100) : null;
    const verifiedBy = manager !== undefined && rng.chance(0.5) ? manager.id : null;
    const row: Record<string, Json> = {
      id: 5_100_000 + e.index * 4 + k,
      [COL.certification]: certification,
      [COL.issuedOn]: issued,
      [COL.expiresOn]: expiresOn,
      [COL.score]: score,
      [COL.verifiedBy]: verifiedBy,
      changedBy: admin === undefined ? null : displayName(admin),
    };
    if (withHuman) {
      row.humanReadable = {
        [COL.certification]: listLabel(CERTIFICATION_LIST, certification) ?? certification,
        [COL.issuedOn]: humanDate(issued),
        [COL.expiresOn]: expiresOn === null ? null : humanDate(expiresOn),
        [COL.score]: score === null ? null : String(score),
        [COL.verifiedBy]: verifiedBy === null || manager === undefined ? null : displayName(manager),
      };
    }
    rows.push(row);
  }
  return rows;
}
