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
