import type { z } from "zod";
import type { Connector } from "./connector.js";
import { ConfigError } from "./errors.js";
import type { Redactor } from "./secrets.js";
import { secretValues } from "./secrets.js";

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(the config itself)" : path.map(String).join(".");
}

/**
 * Validates a raw config against the connector's zod schema (the source of its spec) and applies defaults.
 * The error names every wrong field by its path, so an admin can find it in the form.
 */
export function parseConfig<Config>(schema: z.ZodType<Config>, raw: unknown): Config {
  const result = schema.safeParse(raw, {
    error: (issue) => {
      if (issue.code === "invalid_type") {
        if (issue.input === undefined) return "is required";
        return `must be ${article(issue.expected)}, not ${kindOf(issue.input)}`;
      }
      // zod's own wording counts characters of the trimmed value, which reads oddly for "   ".
      if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) {
        return "must not be empty or blank";
      }
      if (issue.code === "invalid_format" && issue.format === "url") {
        return `must be a full http(s) URL such as https://host/path, not ${JSON.stringify(issue.input)}`;
      }
      return undefined;
    },
  });
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `'${fieldPath(issue.path)}' ${lowerFirst(issue.message)}`,
  );
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}.`);
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
 * header) once it is valid.
 */
export function parseConnectorConfig<Config>(
  connector: Connector<Config>,
  raw: unknown,
  redactor: Redactor,
): Config {
  for (const secret of secretValues(connector.spec.connectionSpecification, raw)) redactor.add(secret);
  const config = parseConfig(connector.config, raw);
  for (const secret of connector.derivedSecrets?.(config) ?? []) redactor.add(secret);
  return config;
}
