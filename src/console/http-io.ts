import type { IncomingMessage, ServerResponse } from "node:http";
import { SECURITY_HEADERS } from "./security.js";

/** Bodies the console accepts: configs and settings, never bulk data. */
const MAX_BODY_BYTES = 1_000_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request's JSON body. Only `application/json` is read: a cross-site HTML form cannot send it without a CORS
 * preflight, which the console never answers, so this is a second guard beside the Origin check.
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, "Send the body as application/json.");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "The body is too large.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "The body is not JSON.");
  }
}

export function send(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": type, ...headers });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), "application/json; charset=utf-8");
}

export function sendError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: message });
}
