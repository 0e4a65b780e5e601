// HTTP plumbing: replies as values, Basic auth, request bodies, and delivery to the socket with backpressure and
// the body-level faults (connection reset mid-body, truncated JSON).

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Json } from "./view.js";

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  contentType: string;
  /** A whole body, or chunks produced one at a time (people search streams employee by employee). */
  body: string | Iterable<string>;
}

const JSON_TYPE = "application/json; charset=utf-8";
const HTML_TYPE = "text/html; charset=UTF-8";

export function jsonReply(status: number, value: Json | object, headers?: Record<string, string>): Reply {
  const reply: Reply = { status, contentType: JSON_TYPE, body: JSON.stringify(value) };
  if (headers !== undefined) reply.headers = headers;
  return reply;
}

/** Bob's documented error body: `{key, error}`. */
export function bobError(status: number, key: string, error: string): Reply {
  return jsonReply(status, { key, error });
}

export function htmlReply(status: number, html: string): Reply {
  return { status, contentType: HTML_TYPE, body: html };
}

/** What a wrong GET path gets: the web app's HTML shell with 200. */
export const WEB_APP_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bob</title>' +
  '<base href="/"></head><body><app-root></app-root><script src="/main.js"></script></body></html>';

export function gatewayPage(status: number): string {
  return `<html><head><title>${status} ${status === 502 ? "Bad Gateway" : "Service Temporarily Unavailable"}</title></head><body><center><h1>${status}</h1></center></body></html>`;
}

export interface Credentials {
  id: string;
  token: string;
}

export function basicAuthHeader(id: string, token: string): string {
  return `Basic ${Buffer.from(`${id}:${token}`, "utf8").toString("base64")}`;
}

export function parseBasicAuth(header: string | undefined): Credentials | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

export class BodyError extends Error {}

/** Reads a JSON body (up to 1 MiB); an empty body is undefined. */
export async function readJsonBody(req: IncomingMessage, limit = 1_048_576): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError("Request body too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError("Request body is not valid JSON");
  }
}

export interface DeliveryStats {
  /** The most bytes ever queued in one response's buffer: proof that streaming honours backpressure. */
  maxBufferedBytes: number;
  streamedResponses: number;
}

export interface Cut {
  mode: "reset" | "truncate";
  afterBytes?: number;
}

const DEFAULT_CUT_CAP = 64 * 1024;

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

async function write(res: ServerResponse, chunk: string | Buffer, stats: DeliveryStats): Promise<boolean> {
  if (res.destroyed) return false;
  const ok = res.write(chunk);
  stats.maxBufferedBytes = Math.max(stats.maxBufferedBytes, res.writableLength);
  if (!ok) await waitForDrain(res);
  return !res.destroyed;
}

function finishCut(res: ServerResponse, cut: Cut): void {
  if (cut.mode === "reset") res.socket?.destroy();
  else res.end();
}

/**
 * Writes a reply. Without a cut, streams are written chunk by chunk, waiting for 'drain' whenever the socket
 * buffer is full. With a cut, the body stops after `afterBytes` (default: half the body, at most 64 KiB) and
 * the connection is either reset or ended cleanly (a well-framed response holding truncated JSON).
 */
export async function deliver(
  res: ServerResponse,
  reply: Reply,
  stats: DeliveryStats,
  cut?: Cut,
): Promise<void> {
  const headers: Record<string, string> = { "Content-Type": reply.contentType, ...reply.headers };
  if (typeof reply.body === "string" && cut === undefined) {
    headers["Content-Length"] = String(Buffer.byteLength(reply.body));
    res.writeHead(reply.status, headers);
    res.end(reply.body);
    return;
  }
  res.writeHead(reply.status, headers);
  const chunks = typeof reply.body === "string" ? [reply.body] : reply.body;
  if (cut === undefined) {
    stats.streamedResponses++;
    for (const chunk of chunks) if (!(await write(res, chunk, stats))) return;
    res.end();
    return;
  }
  // Hold bytes until the cut point is known, then send exactly that many and cut.
  const held: Buffer[] = [];
  let heldBytes = 0;
  const cap = cut.afterBytes ?? DEFAULT_CUT_CAP;
  for (const chunk of chunks) {
    const buf = Buffer.from(chunk, "utf8");
    held.push(buf);
    heldBytes += buf.length;
    if (heldBytes > cap) break;
  }
  const all = Buffer.concat(held);
  const at = cut.afterBytes ?? Math.min(DEFAULT_CUT_CAP, Math.floor(all.length / 2));
  await write(res, all.subarray(0, Math.min(at, all.length)), stats);
  // Let the partial body reach the client before the cut.
  await new Promise((resolve) => setTimeout(resolve, 10));
  finishCut(res, cut);
}
