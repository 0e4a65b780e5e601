import { z } from "zod";
import { closestKey } from "./closest-key.js";
import type { Connector } from "./connector.js";
import { ConfigError } from "./errors.js";
import type { Redactor } from "./secrets.js";
import { secretValues } from "./secrets.js";
import { urlProblem } from "./url-safety.js";

/**
 * The shortest secret a config takes. No real token or client secret is shorter, and a short one is harmful
 * beyond being wrong: every spelling of it is masked in everything the connector prints.
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * A credential setting (its spec marks it `airbyte_secret`): long enough to be one, and not one character repeated
 * (a placeholder, or `********` copied from a masked form). The messages never quote the value.
 */
export function secretString(): z.ZodString {
  return z
    .string()
    .min(MIN_SECRET_LENGTH, {
      error: `is too short to be a real credential (fewer than ${MIN_SECRET_LENGTH} characters); paste the whole value`,
    })
    .refine((value) => value.length < MIN_SECRET_LENGTH || !/^(.)\1*$/su.test(value), {
      error: "is one character repeated, a placeholder or a masked value; paste the real credential",
    });
}

/** The URL of a peer that receives a credential: http(s), no user or password in it, plain http only to loopback. */
export function credentialUrl(): z.ZodURL {
  return z.url({ protocol: /^https?$/ }).superRefine((value, context) => {
    const problem = urlProblem(value);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem, input: value });
  });
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(the config itself)" : path.map(String).join(".");
}

/**
 * Validates a raw config against the connector's zod schema (the source of its spec) and applies defaults.
 * The error names every wrong field by its path, so an admin can find it in the form. Config objects are strict,
 * so an unknown key (`dryrun` for `dry_run`) is refused, never dropped: dropping it would let a sync the admin
 * meant as a dry run write for real.
 */
export function parseConfig<Config>(schema: z.ZodType<Config>, raw: unknown): Config {
  const result = schema.safeParse(raw, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        return unknownKeysProblem(issue.path ?? [], issue.keys, shapeKeys(issue.inst));
      }
      if (issue.code === "invalid_type") {
        if (issue.input === undefined) return "is required";
        return `must be ${article(issue.expected)}, not ${kindOf(issue.input)}`;
      }
      // zod's own wording counts characters of the trimmed value, which reads oddly for "   ".
      if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) {
        return "must not be empty or blank";
      }
      if (issue.code === "invalid_format" && issue.format === "url") {
        return `must be a full http(s) URL such as https://host/path, not ${JSON.stringify(withoutUserInfo(issue.input))}`;
      }
      return undefined;
    },
  });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    // An unknown-key problem names each key by its own path already (see unknownKeysProblem).
    issue.code === "unrecognized_keys"
      ? issue.message
      : `'${fieldPath(issue.path)}' ${lowerFirst(issue.message)}`,
  );
  const text = joinProblems(problems);
  throw new ConfigError(`Invalid configuration: ${text}${text.endsWith("?") ? "" : "."}`);
}

/** The keys an object schema declares, in order; none for anything else (a record, a check). */
function shapeKeys(inst: z.core.$ZodType | z.core.$ZodCheck | undefined): string[] {
  return inst instanceof z.core.$ZodObject ? Object.keys(inst._zod.def.shape) : [];
}

/**
 * The problem of unknown keys found in the object at `path`, one clause per key: its full path, then the nearest
 * valid key at that level when one is near enough to be the one meant, or else every valid key there. A schema
 * with its own message for `unrecognized_keys` builds it with this too, naming what its keys are (`noun`).
 */
export function unknownKeysProblem(
  path: readonly PropertyKey[],
  keys: readonly string[],
  validKeys: readonly string[],
  noun = "setting",
): string {
  const level = path.length === 0 ? "" : ` of '${fieldPath(path)}'`;
  return joinProblems(
    keys.map((key) => {
      const unknown = `'${fieldPath([...path, key])}' is not a ${noun}`;
      const suggestion = closestKey(key, validKeys);
      if (suggestion !== undefined) return `${unknown}; did you mean '${fieldPath([...path, suggestion])}'?`;
      if (validKeys.length === 0) return unknown;
      return `${unknown} (the ${noun}s${level} are ${validKeys.join(", ")})`;
    }),
  );
}

/** Problems in one line: `; ` between them, a space after one that ends in a question. */
function joinProblems(problems: readonly string[]): string {
  return problems.reduce(
    (text, problem) => (text === "" ? problem : `${text}${text.endsWith("?") ? " " : "; "}${problem}`),
    "",
  );
}

/** A URL as it may be quoted: a password typed before '@' is never repeated, even in a URL that does not parse. */
function withoutUserInfo(input: unknown): unknown {
  return typeof input === "string" ? input.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1…@") : input;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return article(typeof value);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * A connector's config, with every secret it holds registered for masking: those its spec marks are taken from
 * the raw value first, so a config rejected for another field is still masked; derived ones (a Basic auth
 * header) once it is valid. A value too short to be a credential is refused, never used and never quoted, so it
 * is not registered: masking `T` would garble the very message that refuses it.
 */
export function parseConnectorConfig<Config>(
  connector: Connector<Config>,
  raw: unknown,
  redactor: Redactor,
): Config {
  for (const secret of secretValues(connector.spec.connectionSpecification, raw)) {
    if (secret.length >= MIN_SECRET_LENGTH) redactor.add(secret);
  }
  const config = parseConfig(connector.config, raw);
  for (const secret of connector.derivedSecrets?.(config) ?? []) redactor.add(secret);
  return config;
}
