import type { z } from "zod";
import { unprocessable } from "./errors.js";

/** zod parse whose failure reads like a Rails validation message: "email is not an email address". */
export function validate<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`.trim())
    .join(", ");
  throw unprocessable(message);
}
