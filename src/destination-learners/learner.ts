import { z } from "zod";

export const ROLES = ["supervisor", "non-supervisor"] as const;
export type Role = (typeof ROLES)[number];
export const LEARNER_STATUSES = ["active", "archived"] as const;
export type LearnerStatus = (typeof LEARNER_STATUSES)[number];

const text = z.string().nullable();

/** A learner as every target sees it: the Bob employee in the learning platform's terms. */
export const Learner = z
  .object({
    external_id: z.string().min(1).meta({ description: "The Bob employee id (a 19-digit string)." }),
    email: z.string().min(1).meta({ description: "Trimmed and lower-cased; matched case-insensitively." }),
    first_name: text,
    last_name: text,
    display_name: text,
    title: text,
    department: text,
    location: text.meta({ description: "The Bob site name." }),
    start_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .meta({ description: "YYYY-MM-DD, exactly as Bob gives it." }),
    phone: text,
    employment_type: text.meta({ description: "The Bob employment contract label." }),
    manager_external_id: text,
    manager_name: text,
    manager_email: text,
    role: z.enum(ROLES),
    status: z.enum(LEARNER_STATUSES),
  })
  .meta({ title: "Learner" });
export type Learner = z.infer<typeof Learner>;

export const LEARNER_FIELDS = Object.keys(Learner.shape) as readonly (keyof Learner)[];

/** The learner object's JSON schema, committed as `schemas/learner.json`. */
export const learnerJsonSchema: Record<string, unknown> = z.toJSONSchema(Learner, { target: "draft-7" });
