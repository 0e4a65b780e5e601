import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface ByteCounter {
  /** Put where the server's origin was, e.g. `http://127.0.0.1:40123`. */
  readonly origin: string;
  /** Response body bytes the client has received through the proxy. */
  received(): number;
  close(): Promise<void>;
}

/** A pass-through proxy on loopback that counts the answer bytes a client receives: what a target downloads. */
export async function startByteCounter(upstream: string): Promise<ByteCounter> {
  const target = new URL(upstream);
  let received = 0;
  const server = createServer((incoming, outgoing) => {
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on("data", (chunk: Buffer) => {
          received += chunk.length;
        });
        answer.pipe(outgoing);
      },
    );
    forward.on("error", () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
