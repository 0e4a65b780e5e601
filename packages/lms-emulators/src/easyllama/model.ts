import { z } from "zod";

/**
 * Resource shapes. Fields from the easyllama-client gem and EasyLlama's SFTP columns are marked DOC/CODE in
 * docs/target-emulators.md; everything marked INF below is an assumption of this emulator.
 */
export const ROLES = ["supervisor", "non-supervisor"] as const;
export type Role = (typeof ROLES)[number];

export const LEARNER_STATUSES = ["active", "archived"] as const;
export type LearnerStatus = (typeof LEARNER_STATUSES)[number];

export const TRAINING_STATUSES = ["assigned", "in_progress", "completed"] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

export interface Learner {
  readonly id: number;
  readonly first_name: string;
  readonly middle_name: string | null;
  readonly last_name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly title: string | null;
  readonly role: Role;
  // INF: attributes a Bob integration maps (EasyLlama's own field list was not seen).
  readonly external_id: string | null;
  readonly department: string | null;
  readonly location: string | null;
  /** The supervisor's name, as in EasyLlama's SFTP "Manager" column. */
  readonly manager: string | null;
  readonly start_date: string | null;
  readonly employment_type: string | null;
  readonly state: string | null;
  readonly country: string | null;
  // INF: server-owned.
  readonly status: LearnerStatus;
  readonly archived_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface Training {
  readonly id: number;
  readonly name: string;
}

export interface LearnerTraining {
  readonly id: number;
  readonly learner_id: number;
  readonly training_id: number;
  readonly status: TrainingStatus;
  readonly assigned_at: string;
  readonly completed_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface Location {
  readonly id: number;
  readonly name: string;
}

const text = z.string().trim().max(255);
const optionalText = text.nullable().optional();

const writable = {
  first_name: text.min(1, "can't be blank"),
  middle_name: optionalText,
  last_name: text.min(1, "can't be blank"),
  email: text
    .regex(/^[^\s@]+@[^\s@]+$/, "is not an email address")
    .nullable()
    .optional(),
  phone: optionalText,
  title: optionalText,
  role: z.enum(ROLES).optional(),
  external_id: optionalText,
  department: optionalText,
  location: optionalText,
  manager: optionalText,
  start_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
    .nullable()
    .optional(),
  employment_type: optionalText,
  state: optionalText,
  country: optionalText,
};

/** Unknown keys are dropped, as Rails strong parameters would; a misspelt field is silently ignored. */
export const learnerCreateSchema = z.object(writable);
export type LearnerCreate = z.infer<typeof learnerCreateSchema>;

/** INF: `status` on PATCH is how this emulator reactivates (or archives) a learner. */
export const learnerUpdateSchema = z
  .object(writable)
  .partial()
  .extend({ status: z.enum(LEARNER_STATUSES).optional() });
export type LearnerUpdate = z.infer<typeof learnerUpdateSchema>;

export const assignmentSchema = z.object({
  learner_id: z.coerce.number().int().positive().optional(),
  training_id: z.coerce.number().int().positive(),
});

export const locationSchema = z.object({ name: text.min(1, "can't be blank") });
