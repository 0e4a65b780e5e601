import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { ADMIN_PREFIX, handleAdmin } from "./admin.js";
import type { AdminHooks } from "./admin.js";
import type { EmulatorControls } from "./controls.js";
import type { ApiHandler, EmulatorRequest, EmulatorResponse } from "./exchange.js";
import type { FaultSpec } from "./faults.js";

/** How an emulator words an error it did not choose itself: faults, rate limit, unknown paths, crashes. */
export type ErrorResponder = (
  status: number,
  detail: string,
  headers: Readonly<Record<string, string>>,
) => EmulatorResponse;

export interface EmulatorServerOptions {
  /** Loopback by default: emulators are test peers, never services. */
  readonly host?: string | undefined;
  /** 0 (the default) picks a free ephemeral port. */
  readonly port?: number | undefined;
  /** API base path, e.g. "/scim/v2" or "/api/v1"; requests outside it (and outside /_emulator) get 404. */
  readonly basePath: string;
  readonly api: ApiHandler;
  readonly controls: EmulatorControls;
  readonly admin: AdminHooks;
  readonly errorResponse: ErrorResponder;
  readonly maxBodyBytes?: number | undefined;
}

export interface EmulatorServer {
  /** e.g. "http://127.0.0.1:53412" (no trailing slash). */
  readonly origin: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    serve(options, req, res).catch((error: unknown) => {
      // Last resort: a bug in an emulator must not take the test process down with an unhandled rejection.
      if (!res.headersSent) write(res, options.errorResponse(500, describe(error), {}));
      else res.destroy();
    });
  });
  server.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return { origin, close: () => closeServer(server) };
}

async function serve(
  options: EmulatorServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (body === undefined) {
    write(res, options.errorResponse(413, "request body too large", {}));
    return;
  }
  const headers = flattenHeaders(req);
  const pathname = url.pathname;

  if (pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    const path = pathname.slice(ADMIN_PREFIX.length) || "/";
    write(
      res,
      handleAdmin({ method, path, query: url.searchParams, headers, body }, options.controls, options.admin),
    );
    return;
  }
  const base = options.basePath;
  if (pathname !== base && !pathname.startsWith(`${base}/`)) {
    write(res, options.errorResponse(404, `nothing at ${pathname}; the API lives under ${base}`, {}));
    return;
  }

  const request: EmulatorRequest = {
    method,
    path: pathname.slice(base.length) || "/",
    query: url.searchParams,
    headers,
    body,
  };
  const admission = options.controls.admit({ method, path: request.path });
  // Every API answer takes the round trip a real platform's would, a 429 or a fault included: a client pays
  // the latency for a refused request too. The rate limit counts the request when it arrives.
  const latencyMs = options.controls.latency();
  if (latencyMs > 0) await delay(latencyMs);
  if (res.destroyed) return;
  switch (admission.kind) {
    case "rate-limited":
      write(res, options.errorResponse(429, "rate limit exceeded", admission.headers));
      return;
    case "fault":
      await inject(admission.fault, options, request, res);
      return;
    case "pass": {
      const answer = await options.api(request);
      write(res, { ...answer, headers: { ...admission.rateLimitHeaders, ...answer.headers } });
      return;
    }
  }
}

async function inject(
  fault: FaultSpec,
  options: EmulatorServerOptions,
  request: EmulatorRequest,
  res: ServerResponse,
): Promise<void> {
  const retryAfter: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  switch (fault.kind) {
    case "429":
      write(
        res,
        options.errorResponse(429, "injected fault: too many requests", {
          "retry-after": "1",
          ...retryAfter,
        }),
      );
      return;
    case "500":
      write(res, options.errorResponse(500, "injected fault: internal server error", {}));
      return;
    case "503":
      write(res, options.errorResponse(503, "injected fault: service unavailable", retryAfter));
      return;
    case "502":
      // A gateway in front of the API answers, so the body is the proxy's HTML, not the API's JSON.
      write(res, {
        status: 502,
        headers: { "content-type": "text/html" },
        body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
      });
      return;
    case "reset":
      if (fault.phase === "after") await options.api(request);
      res.socket?.destroy();
      return;
    case "truncate":
      truncate(res, await options.api(request));
      return;
    case "slow": {
      await delay(fault.delayMs ?? 1000);
      if (res.destroyed) return;
      write(res, await options.api(request));
      return;
    }
  }
}

/** Promise the whole body in Content-Length, send half of it, then drop the connection. */
function truncate(res: ServerResponse, answer: EmulatorResponse): void {
  const full = Buffer.from(answer.body ?? "");
  const claimed = Math.max(full.length, 2);
  res.writeHead(answer.status === 204 ? 200 : answer.status, {
    ...answer.headers,
    "content-length": String(claimed),
  });
  res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.socket?.destroy());
}

function write(res: ServerResponse, answer: EmulatorResponse): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
    // Keep-alive sockets would otherwise hold close() open for the idle timeout.
    server.closeAllConnections();
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
