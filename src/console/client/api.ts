// The console's own API: same origin, its cookie sent by the browser, JSON both ways.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const value: unknown = text === "" ? null : JSON.parse(text);
  if (!response.ok) {
    const error = (value as { error?: unknown } | null)?.error;
    throw new ApiError(
      response.status,
      typeof error === "string" ? error : `The console answered ${response.status}.`,
    );
  }
  return value as T;
}

/** What to tell people when a request failed: a 403 means the page's access token is not this console's. */
export function failureText(error: unknown, what: string): string {
  if (error instanceof ApiError && error.status === 403)
    return `${what}: Open the address the console printed (its access token changes at each start).`;
  if (error instanceof ApiError) return `${what}: ${error.message}`;
  return `${what}: the console did not answer (is it still running?).`;
}
