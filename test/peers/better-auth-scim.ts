import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { scim } from "@better-auth/scim";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import type { BetterAuthOptions, BetterAuthPlugin } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";

export interface BetterAuthScim {
  /** The SCIM root, e.g. `http://127.0.0.1:40123/api/auth/scim/v2`. */
  readonly baseUrl: string;
  readonly token: string;
  /** POST, PUT, PATCH and DELETE requests under the SCIM root since start (or the last reset). */
  countWrites(): number;
  resetWrites(): void;
  close(): Promise<void>;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SCIM_ROOT = "/api/auth/scim/v2";

/**
 * better-auth with its SCIM plugin on loopback: a third-party SCIM 2.0 provider in the test process, over an
 * in-memory better-sqlite3 database (the plugin refuses adapters without native transactions, which rules out
 * the memory adapter). One code-defined connection with a static bearer credential: the 1.7 plugin's way to
 * admit a provisioning client without a signed-in user or an organization. Secret and token are new per start.
 */
export async function startBetterAuthScim(): Promise<BetterAuthScim> {
  const token = randomBytes(24).toString("base64url");
  const database = new Database(":memory:");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  // The plugin's declared `schema` has keys that may be undefined, which BetterAuthPlugin refuses under this
  // project's exactOptionalPropertyTypes; the value itself is a plain plugin.
  const plugin = scim({
    connections: [{ id: "hibob-learners", credentials: [{ type: "bearer", id: "test", token }] }],
  }) as BetterAuthPlugin;
  const options: BetterAuthOptions = {
    baseURL: origin,
    secret: randomBytes(32).toString("hex"),
    database,
    telemetry: { enabled: false },
    // On by default where NODE_ENV is production: a test must not depend on the environment it runs in.
    rateLimit: { enabled: false },
    plugins: [plugin],
  };
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  const auth = betterAuth(options);
  const handler = toNodeHandler(auth);

  let writes = 0;
  server.on("request", (request, response) => {
    if (WRITES.has(request.method ?? "") && (request.url ?? "").startsWith(SCIM_ROOT)) writes += 1;
    handler(request, response).catch(() => {
      // An answer better-auth could not finish: a broken connection, which the target retries like any other.
      response.destroy();
    });
  });
  return {
    baseUrl: `${origin}${SCIM_ROOT}`,
    token,
    countWrites: () => writes,
    resetWrites: () => {
      writes = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      });
      database.close();
    },
  };
}
