import type { z } from "zod";
import { ConfigError } from "./errors.js";

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
