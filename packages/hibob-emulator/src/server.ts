// The node:http server and the /v1 request pipeline:
// firewall block → route (unknown GET → 200 HTML) → Basic auth (401) → rate limit (429) → fault → handler →
// delivery (streamed with backpressure; faults may cut it) → the status is counted by the firewall.

import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin.js";
import type { Cut, Reply } from "./http.js";
import {
  BodyError,
  WEB_APP_PAGE,
  bobError,
  deliver,
  gatewayPage,
  htmlReply,
  jsonReply,
  parseBasicAuth,
  readJsonBody,
} from "./http.js";
import { matchRoute } from "./router.js";
import type { EmulatorState } from "./state.js";

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...headers, ...reply.headers } };
}

async function handleV1(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? "GET";
  const path = url.pathname.slice("/v1".length) || "/";
  const ip = req.socket.remoteAddress ?? "";
  const authorization = req.headers.authorization ?? "";
  const send = async (reply: Reply, cut?: Cut) => {
    await deliver(res, reply, state.stats, cut);
    state.firewall?.record(reply.status, ip, authorization);
  };
  if (state.firewall?.isBlocked(ip, authorization) === true) {
    await deliver(
      res,
      htmlReply(403, "<html><body><h1>403 Forbidden</h1><p>Request blocked.</p></body></html>"),
      state.stats,
    );
    return;
  }
  let match;
  try {
    match = matchRoute(method, path);
  } catch {
    await send(bobError(400, "bad.request", "Malformed path"));
    return;
  }
  if (match === undefined) {
    // Wrong GET paths fall back to the web app; other methods are plain 404s.
    await send(
      method === "GET"
        ? htmlReply(200, WEB_APP_PAGE)
        : bobError(404, "not.found", `No route ${method} ${path}`),
    );
    return;
  }
  const credentials = parseBasicAuth(authorization);
  const user = credentials === undefined ? undefined : state.users.get(credentials.id);
  if (user?.token !== credentials?.token || user === undefined) {
    const rate = state.rateLimiter.take(`anonymous ${authorization}`, match.endpoint);
    await send(withHeaders(bobError(401, "unauthorized", "Invalid or missing credentials"), rate.headers));
    return;
  }
  const rate = state.rateLimiter.take(user.id, match.endpoint);
  if (!rate.allowed) {
    await send(withHeaders(bobError(429, "rate.limit.exceeded", "Too many requests"), rate.headers));
    return;
  }
  const fault = state.faults.take(match.endpoint);
  let cut: Cut | undefined;
  if (fault !== undefined) {
    switch (fault.kind) {
      case "429":
        await send(
          withHeaders(
            bobError(429, "rate.limit.exceeded", "Too many requests"),
            state.rateLimiter.exhausted(match.endpoint),
          ),
        );
        return;
      case "500":
        await send(withHeaders(bobError(500, "internal.error", "Internal server error"), rate.headers));
        return;
      case "502":
      case "503":
        await send(htmlReply(Number(fault.kind), gatewayPage(Number(fault.kind))));
        return;
      case "html":
        await send(withHeaders(htmlReply(200, WEB_APP_PAGE), rate.headers));
        return;
      case "slow":
        await sleep(fault.delayMs ?? 3000);
        break;
      case "reset":
      case "truncate":
        cut = {
          mode: fault.kind,
          ...(fault.afterBytes === undefined ? {} : { afterBytes: fault.afterBytes }),
        };
        break;
    }
  }
  let body: unknown;
  if (method === "POST") {
    try {
      body = await readJsonBody(req);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      await send(withHeaders(bobError(400, "bad.request", error.message), rate.headers));
      return;
    }
  }
  const reply = match.handler({
    state,
    user,
    params: match.params,
    query: url.searchParams,
    headers: req.headers,
    body,
    nowMs: state.now(),
  });
  await send(withHeaders(reply, rate.headers), cut);
}

async function handleAdminRequest(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    await deliver(
      res,
      jsonReply(400, { error: error instanceof Error ? error.message : "bad body" }),
      state.stats,
    );
    return;
  }
  const segments = url.pathname
    .split("/")
    .filter((s) => s !== "")
    .slice(1)
    .map(decodeURIComponent);
  await deliver(res, handleAdmin(state, req.method ?? "GET", segments, body), state.stats);
}

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  state.stats.requests++;
  const url = new URL(req.url ?? "/", "http://emulator.local");
  try {
    if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
      await handleAdminRequest(state, req, res, url);
    } else if (url.pathname === "/v1" || url.pathname.startsWith("/v1/")) {
      await handleV1(state, req, res, url);
    } else {
      await deliver(res, bobError(404, "not.found", "Not found"), state.stats);
    }
  } catch (error) {
    if (!res.headersSent) {
      await deliver(
        res,
        bobError(500, "internal.error", error instanceof Error ? error.message : String(error)),
        state.stats,
      );
    } else {
      res.destroy();
    }
  }
}

export interface Listening {
  server: Server;
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(state: EmulatorState, port: number, host: string): Promise<Listening> {
  const server = createServer((req, res) => {
    void handle(state, req, res);
  });
  // Keep-alive sockets would hold close() open; clients of an emulator expect it to stop at once.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    host,
    port: address.port,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      })),
  };
}
