import { SystemError } from "../protocol/index.js";

/**
 * Bob ids as strings. A number is accepted only while it is a safe integer: past 2^53 JSON parsing has already
 * rounded it, and emitting the rounded digits would silently merge different rows.
 */
export function bobId(value: unknown, what: string): string {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "number") {
    throw new SystemError(
      `Bob sent ${what} ${String(value)} as a number too large to read exactly; its digits are already lost.`,
    );
  }
  throw new SystemError(
    `The ${what} Bob sent is not an id: ${value === undefined ? "nothing" : JSON.stringify(value)}.`,
  );
}
