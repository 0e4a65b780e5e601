import { z } from "zod";
import { credentialUrl, secretString, unknownKeysProblem } from "../protocol/index.js";
import { LEARNER_FIELDS_MAPPABLE } from "./field-mapping.js";

// Every object here is strict: parseConfig refuses an unknown key and names the nearest valid one, where z.object
// would drop it without a word (a `dryrun: true` would write for real). The spec still says
// additionalProperties: true, which the platform requires; see connectionSpecification.

const SqliteTarget = z
  .strictObject({
    type: z.literal("sqlite").default("sqlite").meta({ order: 0 }),
    path: z
      .string()
      .trim()
      .min(1)
      .default("learners.db")
      .meta({
        title: "Learner directory file",
        description: "Path of the embedded SQLite learner directory; created on first write.",
        examples: ["learners.db", "/airbyte/learners.db"],
        order: 1,
      }),
  })
  .meta({ title: "Embedded learner directory (SQLite)" });

const ScimTarget = z
  .strictObject({
    type: z.literal("scim").default("scim").meta({ order: 0 }),
    base_url: credentialUrl().meta({
      title: "SCIM base URL",
      description: "The LMS's SCIM 2.0 endpoint, without the trailing /Users.",
      examples: ["https://lms.example.com/scim/v2"],
      order: 1,
    }),
    token: secretString().meta({
      title: "Bearer token",
      description: "The SCIM provisioning token the LMS issued.",
      airbyte_secret: true,
      order: 2,
    }),
  })
  .meta({ title: "Any LMS with SCIM 2.0 provisioning" });

const EasyLlamaTarget = z
  .strictObject({
    type: z.literal("easyllama").default("easyllama").meta({ order: 0 }),
    api_url: credentialUrl()
      .default("https://api.easyllama.com/api/v1")
      .meta({ title: "API URL", description: "EasyLlama's API base URL.", order: 1 }),
    client_id: z.string().min(1).optional().meta({
      title: "OAuth client id",
      description: "With the client secret: OAuth client credentials. Leave empty when using an API token.",
      order: 2,
    }),
    client_secret: secretString().optional().meta({
      title: "OAuth client secret",
      description: "The secret of the OAuth client.",
      airbyte_secret: true,
      order: 3,
    }),
    api_token: secretString().optional().meta({
      title: "API token",
      description: "A static API token, instead of OAuth client credentials.",
      airbyte_secret: true,
      order: 4,
    }),
  })
  .meta({ title: "EasyLlama" });

const labelFilter = (title: string, description: string, order: number) =>
  z.array(z.string().trim().min(1)).default([]).meta({ title, description, order });

// A misspelt field (`phnoe`) is named as not a learner field, rather than as not a setting.
const FieldMapping = z
  .strictObject(
    Object.fromEntries(
      LEARNER_FIELDS_MAPPABLE.map((field, order) => [
        field,
        z
          .array(z.string().trim().min(1))
          .min(1)
          .optional()
          .meta({
            title: field,
            description: `Bob field ids for ${field}, tried in order until one has a value.`,
            order,
          }),
      ]),
    ) as Record<(typeof LEARNER_FIELDS_MAPPABLE)[number], z.ZodOptional<z.ZodArray<z.ZodString>>>,
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? unknownKeysProblem(issue.path ?? [], issue.keys, LEARNER_FIELDS_MAPPABLE, "learner field")
          : undefined,
    },
  )
  .default({})
  .meta({
    title: "Field mapping overrides",
    description:
      'Bob field ids per learner field, with fallbacks, e.g. phone: ["home.mobilePhone", "work.workMobile"]. ' +
      "List fields (title, department, employment type, location) are read as their display labels.",
    order: 11,
  });

export const COURSE_TRIGGERS = [
  "new_learner",
  "promoted_to_supervisor",
  "moved_location",
  "moved_department",
  "every_learner",
] as const;
export type CourseTrigger = (typeof COURSE_TRIGGERS)[number];

const CourseRule = z.strictObject({
  course: z.string().trim().min(1).meta({
    title: "Course",
    description: "The course (sqlite: its name; SCIM: the group; EasyLlama: the training id).",
    order: 0,
  }),
  when: z.enum(COURSE_TRIGGERS).meta({
    title: "Trigger",
    description:
      "new_learner, promoted_to_supervisor, moved_location and moved_department fire on that event; " +
      "every_learner gives the course to every active learner (matching the conditions) who lacks it, at every sync.",
    order: 1,
  }),
  where: z
    .strictObject({
      department: z.string().trim().min(1).optional().meta({ title: "Department", order: 0 }),
      location: z.string().trim().min(1).optional().meta({ title: "Location", order: 1 }),
      employment_type: z.string().trim().min(1).optional().meta({ title: "Employment type", order: 2 }),
      role: z.enum(["supervisor", "non-supervisor"]).optional().meta({ title: "Role", order: 3 }),
    })
    .optional()
    .meta({ title: "Only when", description: "Conditions on the learner; all must hold.", order: 2 }),
});
export type CourseRule = z.infer<typeof CourseRule>;

export const DestinationConfig = z
  .strictObject({
    target: z
      .discriminatedUnion("type", [SqliteTarget, ScimTarget, EasyLlamaTarget])
      .default({ type: "sqlite", path: "learners.db" })
      .meta({ title: "Learner target", description: "Where learners are written.", order: 0 }),
    archive_terminated: z.boolean().default(true).meta({
      title: "Archive terminated employees",
      description: "Archive the learner of an employee Bob reports as terminated.",
      order: 1,
    }),
    archive_missing: z.boolean().default(true).meta({
      title: "Archive employees gone from Bob",
      description: "On a full sync, archive learners whose employee Bob no longer returns.",
      order: 2,
    }),
    max_archive_percent: z
      .number()
      .min(0)
      .max(100)
      .default(10)
      .meta({
        title: "Archive safety cap (%)",
        description:
          "When more than this share of managed learners would be archived as missing in one sync, none are and " +
          "the sync says why. Terminations are not capped.",
        order: 3,
      }),
    include_employment_types: labelFilter(
      "Employment types to import",
      "Employment contract labels, e.g. Full time. Empty imports all.",
      4,
    ),
    include_departments: labelFilter("Departments to import", "Department labels. Empty imports all.", 5),
    include_sites: labelFilter("Sites to import", "Site names. Empty imports all.", 6),
    new_hire_days_before_start: z.int().min(0).optional().meta({
      title: "Import new hires days before start",
      description: "Import a new hire this many days before their start date. Empty imports them at once.",
      order: 7,
    }),
    course_rules: z.array(CourseRule).default([]).meta({
      title: "Course rules",
      description: "Assign a course once per learner when a trigger fires and the conditions hold.",
      order: 8,
    }),
    notify_new_learners: z.boolean().default(false).meta({
      title: "Notify new learners",
      description: "Queue a notification for new learners and new course assignments. Off suits backfills.",
      order: 9,
    }),
    dry_run: z.boolean().default(false).meta({
      title: "Dry run",
      description: "Compute and report the changes without writing anything.",
      order: 10,
    }),
    field_mapping: FieldMapping,
  })
  .superRefine((config, ctx) => {
    const target = config.target;
    if (target.type !== "easyllama") return;
    const clientCredentials = target.client_id !== undefined && target.client_secret !== undefined;
    if (!clientCredentials && target.api_token === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        // Read after the path (`'target' is EasyLlama, …`); the CLI ends the sentence.
        message: "is EasyLlama, which needs target.client_id and target.client_secret, or target.api_token",
      });
    }
  });
export type DestinationConfig = z.infer<typeof DestinationConfig>;
export type TargetConfig = DestinationConfig["target"];
