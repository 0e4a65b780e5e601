// What destination-learners did, as typed events: the one contract between the destination (which emits them)
// and whatever reports on a sync (the hibob-learners runner reads them). It lives in its own folder because both
// sides depend on it and neither owns the other: it is not generic Airbyte (so not in protocol/), and the runner
// must not reach into the destination's internals to read it. Events travel inside LOG messages (see
// log-message.ts), so a platform that knows nothing of them still shows each one's readable text.
import { z } from "zod";

/**
 * The contract's version. A reader names the versions it reads and flags any other; optional fields added later
 * stay in v1, a new kind or a change an older reader could misread takes a new version.
 */
export const EVENT_VERSION = 1;

const count = z.int().nonnegative();

/** A sync's learner counts (so far, or final). Counts are of writes that took effect. */
export const LearnerCounts = z.object({
  created: count,
  updated: count,
  archived: count,
  reactivated: count,
  managers_linked: count,
  assigned: count,
  notified: count,
  rejected: count,
  /** Employees a filter (employment type, department, site, start date) left out. */
  skipped: count,
  /** Terminated employees who never had a learner: none is created for a leaver. */
  leavers_not_created: count,
});
export type LearnerCounts = z.infer<typeof LearnerCounts>;

/** The counts before anything was done. */
export const NO_COUNTS: LearnerCounts = {
  created: 0,
  updated: 0,
  archived: 0,
  reactivated: 0,
  managers_linked: 0,
  assigned: 0,
  notified: 0,
  rejected: 0,
  skipped: 0,
  leavers_not_created: 0,
};

/**
 * Who an event is about: the employee id, the email and the name a person knows them by, never the rest of the
 * record. `name` came after the first writers (optional, so v1 still reads their events): the learner's display
 * name, else its first and last names; null when Bob holds none.
 */
const employee = {
  employee_id: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable().optional(),
};

export const FieldChange = z.object({
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type FieldChange = z.infer<typeof FieldChange>;

/** One learner change, as planned and applied; a write the target refused is also a `reject` event. */
export const LearnerChange = z.discriminatedUnion("action", [
  z.object({ action: z.literal("create"), ...employee }),
  /** Only the fields that differ, old → new; a reactivation's include its status. */
  z.object({ action: z.literal("update"), ...employee, fields: z.array(FieldChange) }),
  z.object({ action: z.literal("reactivate"), ...employee, fields: z.array(FieldChange) }),
  z.object({
    action: z.literal("archive"),
    ...employee,
    /** terminated: Bob says so; missing: absent from a complete full refresh; deleted: a deletion record. */
    reason: z.enum(["terminated", "missing", "deleted"]),
  }),
  z.object({ action: z.literal("assign"), ...employee, course: z.string(), trigger: z.string() }),
]);
export type LearnerChange = z.infer<typeof LearnerChange>;
export type LearnerAction = LearnerChange["action"];

/** How many learners were assigned one course for one trigger: every one, not only the listed `change` events. */
export const CourseCount = z.object({ course: z.string(), trigger: z.string(), learners: count });
export type CourseCount = z.infer<typeof CourseCount>;

/** Per course and trigger, so far or final; optional because the first writers sent only the `assigned` total. */
const courses = { courses: z.array(CourseCount).optional() };

const ids = z.array(z.string());

/**
 * The employees a checkpoint's batch settled, by outcome, every one (unlike the listed changes, which stop at
 * the destination's report limit): a reader can tell an employee written from one it never heard of.
 */
export const BatchOutcomes = z.object({
  /** Learners created, updated or reactivated. */
  written: ids,
  archived: ids,
  /** Read and in scope, with nothing to write: the learner already matches, or none is wanted (a leaver). */
  unchanged: ids,
  /** Read, but left out: by a filter, or not created because the mode creates no learner. */
  skipped: ids,
});
export type BatchOutcomes = z.infer<typeof BatchOutcomes>;

const versioned = { v: z.literal(EVENT_VERSION) };

export const LearnerEvent = z.discriminatedUnion("kind", [
  /** After each checkpoint's batch (and the final archive pass, when it archived anyone): counts so far. */
  z.object({
    ...versioned,
    kind: z.literal("batch"),
    counts: LearnerCounts,
    ...courses,
    employees: BatchOutcomes,
  }),
  /** One learner change, up to the destination's report limit; the rest are counted in `summary`. */
  z.object({ ...versioned, kind: z.literal("change"), change: LearnerChange }),
  /** A record that could not be written, with a reason a person can act on. Every one is sent. */
  z.object({ ...versioned, kind: z.literal("reject"), ...employee, reason: z.string() }),
  /** A learner written without something Bob holds, and why. */
  z.object({ ...versioned, kind: z.literal("learner_warning"), ...employee, message: z.string() }),
  /** A warning about the whole sync (an archive cap that held, a stream it does not write, …). */
  z.object({ ...versioned, kind: z.literal("warning"), message: z.string() }),
  /** The last event of a write: the final counts, and how many changes were not sent as `change` events. */
  z.object({
    ...versioned,
    kind: z.literal("summary"),
    dry_run: z.boolean(),
    counts: LearnerCounts,
    ...courses,
    changes_not_listed: count,
  }),
]);
export type LearnerEvent = z.infer<typeof LearnerEvent>;

/** An event without its version, as a writer builds it. */
export type LearnerEventBody = LearnerEvent extends infer E
  ? E extends unknown
    ? Omit<E, "v">
    : never
  : never;
