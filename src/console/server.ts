import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces, hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { HttpError, readJsonBody, send, sendError, sendJson } from "./http-io.js";
import { ASSET_PATHS, consolePage, unbuiltPage } from "./page.js";
import type { Verdict } from "./security.js";
import {
  allowedHosts,
  hostPort,
  newAccessToken,
  SECURITY_HEADERS,
  TOKEN_PARAM,
  tokenCookie,
  tokenCookieName,
  verdict,
} from "./security.js";

/** Where the client's bundle is built (`npm run build`): dist/console/client, from src/ or dist/ alike. */
export const CLIENT_DIR = fileURLToPath(new URL("../../dist/console/client/", import.meta.url));

export interface ApiRequest {
  readonly method: string;
  /** The path after `/api`, e.g. `/source/config`. */
  readonly path: string;
  readonly body: unknown;
}

/** One server-sent event stream: `send` pushes an event; the returned function is called when the browser leaves. */
export type EventStream = (send: (event: string, data: unknown) => void) => () => void;

export type ApiAnswer =
  { readonly status: number; readonly body: unknown } | { readonly stream: EventStream };

export interface ConsoleRoutes {
  api(request: ApiRequest): Promise<ApiAnswer>;
  /** A run's self-contained HTML report, or undefined when there is none by that id. */
  reportHtml(runId: string): Promise<string | undefined>;
}

export interface ConsoleServerOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: ConsoleRoutes;
  /** Tests pin it; otherwise a fresh one per start. */
  readonly token?: string;
  /** Where an unexpected failure is told (by kind only: its message could quote anything). */
  readonly log?: (line: string) => void;
  readonly clientDir?: string;
}

export interface ConsoleServer {
  /** The URL to open, with the access token: printed once, never logged elsewhere. */
  readonly url: string;
  /** `http://host:port`, without the token. */
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  [ASSET_PATHS.script]: { file: "console.js", type: "text/javascript; charset=utf-8" },
  [ASSET_PATHS.style]: { file: "console.css", type: "text/css; charset=utf-8" },
};

const SSE_KEEPALIVE_MS = 15_000;
/**
 * What a browser that stopped reading (a frozen tab, a suspended laptop) may leave queued before its event stream
 * is closed: events would pile up without bound, and EventSource reconnects by itself, receiving the run as it is.
 */
const SSE_MAX_QUEUED_BYTES = 1_000_000;

/** The machine's own addresses and name: the Host headers a console bound to every interface answers to. */
function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((entry) => entry.address.toLowerCase()),
  );
  return [...addresses, hostname().toLowerCase()];
}

const EVERY_INTERFACE = new Set(["0.0.0.0", "::"]);

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const token = options.token ?? newAccessToken();
  const clientDir = options.clientDir ?? CLIENT_DIR;
  const streams = new Set<() => void>();
  let hosts: ReadonlySet<string> = new Set();
  let cookieName = "";

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendError(response, error.status, error.message);
        return;
      }
      // Its message may quote anything (a path, a remote answer): neither the browser nor the log gets it.
      const kind = error instanceof Error ? error.name : typeof error;
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      options.log?.(
        `The console failed to answer ${request.method ?? "GET"} ${new URL(request.url ?? "/", "http://x").pathname}: ` +
          `${kind}${code === undefined ? "" : ` (${code})`}.`,
      );
      sendError(
        response,
        500,
        "The console failed to answer this request; its terminal says what kind of failure.",
      );
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://console.invalid");
    const method = request.method ?? "GET";
    const check: Verdict = verdict(
      {
        method,
        host: request.headers.host,
        origin: request.headers.origin,
        cookie: request.headers.cookie,
        cookieName,
        queryToken: url.searchParams.get(TOKEN_PARAM) ?? undefined,
      },
      token,
      hosts,
    );
    if (!check.allow) {
      sendError(response, check.status, check.reason);
      return;
    }
    if (check.setCookie) {
      // The token leaves the address bar at once: the page is loaded again without it, with the cookie.
      url.searchParams.delete(TOKEN_PARAM);
      send(response, 303, "", "text/plain", {
        Location: `${url.pathname}${url.search}`,
        "Set-Cookie": tokenCookie(cookieName, token),
      });
      return;
    }
    const path = url.pathname;
    if (path.startsWith("/api/")) {
      await api(request, response, method, path.slice("/api".length));
      return;
    }
    if (method !== "GET" && method !== "HEAD") {
      sendError(response, 405, "Only GET here.");
      return;
    }
    if (path === "/") {
      const built = await readFile(`${clientDir}console.js`).then(
        () => true,
        () => false,
      );
      send(response, built ? 200 : 503, built ? consolePage() : unbuiltPage(), "text/html; charset=utf-8");
      return;
    }
    const asset = ASSETS[path];
    if (asset !== undefined) {
      const body = await readFile(`${clientDir}${asset.file}`).catch(() => undefined);
      if (body === undefined)
        sendError(response, 404, "The console's client is not built: run npm run build.");
      else send(response, 200, body, asset.type);
      return;
    }
    const report = /^\/reports\/([A-Za-z0-9-]+)\.html$/.exec(path)?.[1];
    if (report !== undefined) {
      const html = await options.routes.reportHtml(report);
      if (html === undefined) sendError(response, 404, "There is no report by that id.");
      else send(response, 200, html, "text/html; charset=utf-8", reportHeaders(html));
      return;
    }
    sendError(response, 404, "Not found.");
  }

  async function api(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    path: string,
  ): Promise<void> {
    const body = method === "GET" || method === "HEAD" ? undefined : await readJsonBody(request);
    const answer = await options.routes.api({ method, path, body });
    if ("stream" in answer) {
      openStream(request, response, answer.stream);
      return;
    }
    sendJson(response, answer.status, answer.body);
  }

  function openStream(request: IncomingMessage, response: ServerResponse, stream: EventStream): void {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "Content-Type": "text/event-stream; charset=utf-8",
      Connection: "keep-alive",
    });
    response.write(": connected\n\n");
    let ended = false;
    let stop = (): void => undefined;
    // destroy, not end: an end would wait behind what a reader that stopped reading has left queued.
    const end = (): void => {
      if (ended) return;
      ended = true;
      clearInterval(keepalive);
      stop();
      streams.delete(end);
      response.destroy();
    };
    const send = (text: string): void => {
      if (response.writableLength > SSE_MAX_QUEUED_BYTES) end();
      else if (!ended) response.write(text);
    };
    const keepalive = setInterval(() => {
      send(": keepalive\n\n");
    }, SSE_KEEPALIVE_MS);
    stop = stream((event, data) => {
      send(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    streams.add(end);
    request.on("close", end);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  cookieName = tokenCookieName(port);
  hosts = allowedHosts(options.host, port, EVERY_INTERFACE.has(options.host) ? machineNames() : []);
  // A console on every interface is reached by one of the machine's names; the printed URL names loopback.
  const shown = EVERY_INTERFACE.has(options.host) ? "127.0.0.1" : options.host;
  const origin = `http://${hostPort(shown, port)}`;
  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const end of [...streams]) end();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/**
 * A report page is the runner's self-contained HTML, whose one style block is inline: its CSP allows exactly that
 * block (by hash) and nothing else, no script at all, in a sandbox.
 */
function reportHeaders(html: string): Record<string, string> {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) =>
      `'sha256-${createHash("sha256")
        .update(css ?? "")
        .digest("base64")}'`,
  );
  return {
    "Content-Security-Policy": [
      "default-src 'none'",
      `style-src ${hashes.length === 0 ? "'none'" : hashes.join(" ")}`,
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "sandbox",
    ].join("; "),
  };
}
