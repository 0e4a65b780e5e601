import { z } from "zod";
import { credentialUrl, secretString } from "../protocol/index.js";
import { DEFAULT_FIELD_GROUPS, FIELD_GROUP_IDS, FIELD_GROUPS } from "./field-groups.js";

export const DEFAULT_API_URL = "https://api.hibob.com/v1";
export const SANDBOX_API_URL = "https://api.sandbox.hibob.com/v1";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Dot-separated parts; a part may hold spaces (ids built from company type names, such as
// `payroll.variable.Executive bonus.amount`) but neither starts nor ends with one.
const FIELD_ID = /^[A-Za-z]\w*(?:\.[^\s.](?:(?:[^\s.]| )*[^\s.])?)+$/;

const groupList = FIELD_GROUPS.map(
  (group) => `${group.id} (${group.title}${group.sensitive ? ", sensitive" : ""})`,
).join("; ");

/** The sections of the platform's form, in order. */
export const SOURCE_SPEC_GROUPS = [
  { id: "connection", title: "Connection" },
  { id: "data", title: "Employee data" },
  { id: "sync", title: "Sync tuning" },
] as const;

// Strict: parseConfig refuses a misspelt option and names the nearest one, where z.object would ignore it without
// a word. The spec still says additionalProperties: true, which the platform requires.
export const SourceConfig = z.strictObject({
  service_user_id: z
    .string()
    .trim()
    .min(1)
    .meta({
      title: "Service user ID",
      description:
        "The ID of a Bob service user (Settings › Integrations › Automation › Service users). " +
        "It is the user name of the Basic credentials.",
      group: "connection",
      order: 0,
    }),
  service_user_token: secretString().meta({
    title: "Service user token",
    description: "The token shown once when the service user was created (or its renewed token).",
    airbyte_secret: true,
    group: "connection",
    order: 1,
  }),
  // Bob only speaks https; plain http is for the emulator on this machine (see protocol/url-safety.ts).
  api_url: credentialUrl()
    .default(DEFAULT_API_URL)
    .meta({
      title: "API URL",
      description: `Bob's public API base URL: production ${DEFAULT_API_URL}, or the sandbox ${SANDBOX_API_URL}.`,
      examples: [DEFAULT_API_URL, SANDBOX_API_URL],
      group: "connection",
      order: 2,
    }),
  include_inactive: z
    .boolean()
    .default(true)
    .meta({
      title: "Include inactive employees",
      description:
        "Also read hired (not yet started), on-leave and terminated people, so leavers can be archived. " +
        'Bob only shows them if the service user\'s permission group has "Access data for" set to include them.',
      group: "data",
      order: 3,
    }),
  field_groups: z
    .array(z.enum(FIELD_GROUP_IDS))
    .min(1)
    .default(DEFAULT_FIELD_GROUPS)
    .meta({
      title: "Field groups",
      description:
        "Which of Bob's employee data to read, by group: " +
        groupList +
        ". Sensitive groups are read only when chosen here, and the service user needs their permissions.",
      uniqueItems: true,
      group: "data",
      order: 4,
    }),
  additional_fields: z
    .array(
      z
        .string()
        .trim()
        .regex(
          FIELD_ID,
          "must be a Bob field id such as work.custom.field_1659639494941: parts joined by dots, spaces only " +
            "inside a part (payroll.variable.Executive bonus.amount)",
        ),
    )
    .default([])
    .meta({
      title: "Additional fields",
      description:
        "More Bob field ids to read, e.g. custom fields (work.custom.field_1659639494941). Find ids under " +
        "Settings › People's data, or in the employee_fields stream. Ids built from company type names hold " +
        "spaces (payroll.variable.Executive bonus.amount): copy them as they are.",
      group: "data",
      order: 5,
    }),
  human_readable: z.boolean().default(true).meta({
    title: "Human-readable labels",
    description: "Add Bob's display labels (list item names, manager names) beside the machine values.",
    group: "data",
    order: 6,
  }),
  start_date: z
    .string()
    .regex(DATE, "must be a date as YYYY-MM-DD")
    .optional()
    .meta({
      title: "Time-off start date",
      description: "The earliest time-off change to read, as YYYY-MM-DD. Empty: the last 6 months.",
      examples: ["2026-01-01"],
      pattern_descriptor: "YYYY-MM-DD",
      group: "sync",
      order: 7,
    }),
  lookback_days: z
    .int()
    .min(0)
    .max(30)
    .default(1)
    .meta({
      title: "History lookback (days)",
      description:
        "History tables are filtered on their modification date, which has no time: re-read this many days " +
        "before the last sync so no same-day change is missed.",
      group: "sync",
      order: 8,
    }),
  batch_size: z
    .int()
    .min(10)
    .max(1000)
    .default(200)
    .meta({
      title: "Batch size",
      description:
        "Employees fetched per request, at least. Companies are read as a list of ids first, then in batches of this " +
        "size, so memory stays flat. When that would take more people searches than requests_per_minute allows in " +
        "a minute, the batches grow (up to 1,000, Bob's suggested maximum) so the read does not wait for the quota.",
      group: "sync",
      order: 9,
    }),
  requests_per_minute: z.int().min(1).max(50).default(45).meta({
    title: "Requests per minute",
    description:
      "A ceiling per Bob endpoint, below Bob's limit of 50 a minute, so other integrations keep their share.",
    group: "sync",
    order: 10,
  }),
});
export type SourceConfig = z.infer<typeof SourceConfig>;
