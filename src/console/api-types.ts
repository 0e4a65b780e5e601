// What the console's server and its browser client say to each other. Shared by both sides (the client bundles
// it), so it imports nothing and holds no logic beyond constants.

/**
 * What a saved secret looks like in the browser: never the value, only this marker. Sent back unchanged, it keeps
 * the stored value; anything else replaces it.
 */
export const KEPT_SECRET = "\u2022kept-secret\u2022";

/** A JSON schema node, as the specs carry them. */
export type SchemaNode = Readonly<Record<string, unknown>>;

export type JsonObject = Record<string, unknown>;

/** A config problem, placed on a field when it has a path. */
export interface FieldProblem {
  readonly path: readonly string[];
  readonly message: string;
}

export interface SaveResult {
  readonly saved: boolean;
  /** The whole problem, as the connector's own validation words it (secrets masked). */
  readonly message: string | null;
  readonly problems: readonly FieldProblem[];
  /** The config as the browser may see it (secrets as KEPT_SECRET). */
  readonly config: JsonObject | null;
}

/** One permission the service user needs, as Bob's permission group shows it. */
export interface PermissionField {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly viewAndEdit?: boolean;
}

export interface FieldGroupPermissions {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  readonly sensitive: boolean;
  readonly default: boolean;
  readonly fields: readonly PermissionField[];
  /** Bob category ids whose other fields come along; "" when none. */
  readonly alsoCategory: string;
}

export interface PermissionGuide {
  readonly groups: readonly FieldGroupPermissions[];
  /** Asked for whatever groups are chosen: Bob's employee id. */
  readonly always: PermissionField;
  /** The "Access data for" advice for leavers. */
  readonly accessDataFor: string;
  readonly delayHint: string;
}

export type SourceTest =
  | {
      readonly ok: true;
      readonly employees: number;
      readonly terminated: number;
      readonly warning: string | null;
    }
  | {
      readonly ok: false;
      readonly message: string;
      /** Each permission the service user lacks: a checklist. Empty when the failure is something else. */
      readonly missing: readonly PermissionField[];
      readonly problems: readonly FieldProblem[];
    };

export type DestinationTest =
  | { readonly ok: true; readonly message: string | null }
  | { readonly ok: false; readonly message: string; readonly problems: readonly FieldProblem[] };

export const COUNT_KEYS = [
  "created",
  "updated",
  "archived",
  "reactivated",
  "managers_linked",
  "assigned",
  "notified",
  "rejected",
  "skipped",
  "leavers_not_created",
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Readonly<Record<CountKey, number>>;

export type RunKind = "sync" | "preview";

/** What the browser is told while a run goes on: the tally's live counts, as `sync` draws them on a terminal. */
export interface LiveProgress {
  readonly kind: RunKind;
  readonly startedAt: string;
  readonly dryRun: boolean;
  readonly recordsRead: number;
  /** The records the source said it would send, or null before it said. */
  readonly recordsExpected: number | null;
  readonly learners: Counts;
  readonly rateLimitWaits: number;
  /** Seconds left of the rate-limit pause going on now, or null. */
  readonly waitSecondsLeft: number | null;
}

export interface RunEnded {
  readonly kind: RunKind;
  /** Empty when the run could not start at all. */
  readonly runId: string;
  readonly status: "succeeded" | "failed";
  readonly message: string | null;
}

export type SyncEvent =
  | { readonly type: "progress"; readonly progress: LiveProgress }
  | { readonly type: "log"; readonly level: string; readonly origin: string; readonly text: string }
  | { readonly type: "ended"; readonly ended: RunEnded };

export interface ScheduleView {
  readonly settings: { readonly enabled: boolean; readonly time: string; readonly timezone: string };
  /** Whether this console runs it now. */
  readonly running: boolean;
  readonly next: string | null;
  readonly cron: string;
  /** The `hibob-learners schedule` command that runs the same schedule without the console. */
  readonly command: string;
}

export interface ConsoleState {
  readonly connection: string;
  readonly stateDir: string;
  readonly files: { readonly source: string; readonly destination: string };
  readonly demo: boolean;
  readonly source: { readonly spec: SchemaNode; readonly config: JsonObject | null };
  readonly destination: { readonly spec: SchemaNode; readonly config: JsonObject | null };
  /** A config file the console cannot read, and what to do. */
  readonly problems: readonly string[];
  readonly guide: PermissionGuide;
  readonly mapping: {
    readonly fields: readonly string[];
    readonly defaults: Readonly<Record<string, readonly string[]>>;
    readonly labelFields: readonly string[];
  };
  readonly triggers: readonly string[];
  readonly schedule: ScheduleView;
  readonly running: LiveProgress | null;
}

export interface HistoryRun {
  readonly run_id: string;
  readonly started_at: string;
  readonly ended_at: string;
  readonly status: "succeeded" | "failed";
  readonly dry_run: boolean;
  readonly failure: { readonly message: string } | null;
  readonly records_read: number;
  readonly learners: Counts;
  readonly rejects: number;
}

/** A point of the chart: the learners after a run, and how many changes it made. */
export interface TimelinePoint {
  readonly run_id: string;
  readonly at: string;
  readonly active: number;
  readonly archived: number;
  readonly changes: number;
}

export interface OpenRejectView {
  readonly employee_id: string;
  readonly email: string | null;
  /** As the last sync's report named them, when it did. */
  readonly name: string | null;
  readonly reason: string;
  readonly since: string;
  readonly syncs: number;
}

export interface HistoryView {
  readonly runs: readonly HistoryRun[];
  /** What to say of runs.jsonl lines that are not a run, naming the file; null when there are none. */
  readonly damaged: string | null;
  readonly timeline: readonly TimelinePoint[];
  readonly openRejects: readonly OpenRejectView[];
  readonly next: string | null;
  readonly scheduleRunning: boolean;
}

export interface FieldChangeView {
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** A learner change of a report, with the typed change when the report kept it. */
export interface ReportChange {
  readonly action: "create" | "update" | "reactivate" | "archive" | "assign";
  readonly employee_id: string | null;
  readonly email: string | null;
  readonly detail: string;
  /** The person's name, when the report names people. */
  readonly name?: string | null;
  readonly change?: {
    readonly action: string;
    readonly name?: string | null;
    readonly fields?: readonly FieldChangeView[];
    readonly reason?: string;
    readonly course?: string;
    readonly trigger?: string;
  };
}

/** The part of a runner report (reports/<run id>.json) the console shows. */
export interface ReportView {
  readonly run_id: string;
  readonly started_at: string;
  readonly ended_at: string;
  readonly status: "succeeded" | "failed";
  readonly dry_run: boolean;
  readonly failure: { readonly origin: string; readonly message: string } | null;
  readonly streams: readonly {
    readonly name: string;
    readonly records_read: number;
    readonly status: string;
  }[];
  readonly learners: Counts;
  readonly rate_limit_waits: { readonly count: number; readonly seconds: number };
  readonly changes: readonly ReportChange[];
  readonly changes_not_listed: number;
  /** Learners assigned each course, every one counted (reports that name people have it). */
  readonly course_assignments?: readonly {
    readonly course: string;
    readonly trigger: string;
    readonly learners: number;
  }[];
  readonly rejects: readonly {
    readonly employee_id: string | null;
    readonly email: string | null;
    readonly reason: string;
    readonly name?: string | null;
  }[];
  readonly warnings: readonly string[];
  readonly retried_rejects: {
    readonly retried: number;
    readonly resolved: number;
    readonly left_out: number;
  } | null;
}
