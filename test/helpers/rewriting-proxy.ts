import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** Rewrites one answer's JSON body, or returns undefined to pass it on untouched. */
export type AnswerRewrite = (method: string, path: string, status: number, body: unknown) => unknown;

export interface RewritingProxy {
  /** The proxy's origin, e.g. `http://127.0.0.1:40123`: put it where the real server's origin was. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback in front of a real server, rewriting some of its JSON answers: a stand-in for a peer
 * that answers oddly (a SCIM create answer without `id`), built from a server that behaves well.
 */
export async function startRewritingProxy(upstream: string, rewrite: AnswerRewrite): Promise<RewritingProxy> {
  const target = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    const method = incoming.method ?? "GET";
    const path = incoming.url ?? "/";
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const raw = Buffer.concat(chunks);
          const status = answer.statusCode ?? 502;
          let body = raw;
          if (raw.length > 0 && (answer.headers["content-type"] ?? "").includes("json")) {
            const rewritten = rewrite(method, path, status, JSON.parse(raw.toString("utf8")) as unknown);
            if (rewritten !== undefined) body = Buffer.from(JSON.stringify(rewritten));
          }
          const headers = { ...answer.headers, "content-length": String(body.length) };
          delete headers["transfer-encoding"];
          outgoing.writeHead(status, headers).end(body);
        });
      },
    );
    forward.on("error", () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
