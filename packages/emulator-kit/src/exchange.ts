/**
 * The data an emulator's API handler sees and returns. Handlers never touch sockets: the server edge writes
 * the answer, which is what lets the fault injector cut a finished answer short or drop it after the write.
 */
export interface EmulatorRequest {
  readonly method: string;
  /** Path below the emulator's API base path, always starting with "/" (e.g. "/Users/42"). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type ApiHandler = (request: EmulatorRequest) => Promise<EmulatorResponse> | EmulatorResponse;

export function jsonResponse(
  status: number,
  body: unknown,
  contentType = "application/json",
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return { status, headers: { "content-type": contentType, ...headers }, body: JSON.stringify(body) };
}

export function emptyResponse(
  status: number,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return { status, headers };
}

/** The bearer token of an Authorization header, or undefined when there is none. */
export function bearerToken(request: EmulatorRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
