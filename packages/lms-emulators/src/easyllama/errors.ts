import type { EmulatorResponse } from "@hibob-learners/emulator-kit";
import { jsonResponse } from "@hibob-learners/emulator-kit";

/** INF: EasyLlama's error body is undocumented; `{ "error": "…" }` is what the gem's `{code, error}` suggests. */
export class EasyLlamaHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EasyLlamaHttpError";
  }
}

export function easyLlamaError(
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return jsonResponse(status, { error: message }, "application/json", headers);
}

export function notFound(what: string): EasyLlamaHttpError {
  return new EasyLlamaHttpError(404, `${what} not found`);
}

export function unprocessable(message: string): EasyLlamaHttpError {
  return new EasyLlamaHttpError(422, message);
}
