import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import { syncTarget } from "../../../test/helpers/sync-target.js";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { Learner } from "../learner.js";
import { openScimTarget } from "./scim.js";
import type { Target } from "./target.js";

/**
 * A SCIM server that advertises PATCH yet answers some PATCHes 501 "Not Implemented" (django-scim2 does so for
 * attributes its adapter does not keep, with `status` as a number): a node:http front over the emulator that
 * refuses PATCH of users and passes everything else through.
 */
async function patchNotImplemented(scim: ScimEmulator): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "PATCH" && request.url?.includes("/Users/") === true) {
        response
          .writeHead(501, { "content-type": "application/scim+json" })
          .end(JSON.stringify({ status: 501, detail: "Not Implemented" }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type", "accept"]) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const body = chunks.length === 0 ? null : Buffer.concat(chunks);
      const url = `${new URL(scim.baseUrl).origin}${request.url ?? ""}`;
      void fetch(url, { method: request.method ?? "GET", headers, body }).then(async (answer) => {
        response
          .writeHead(answer.status, { "content-type": "application/scim+json" })
          .end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}${new URL(scim.baseUrl).pathname}`, server };
}

describe("SCIM target against a server that answers 501 to some PATCHes", () => {
  let scim: ScimEmulator;
  let front: Awaited<ReturnType<typeof patchNotImplemented>>;
  let target: Target;
  const waits: number[] = [];
  beforeEach(async () => {
    scim = await startScimEmulator();
    front = await patchNotImplemented(scim);
    waits.length = 0;
    target = openScimTarget(
      { type: "scim", base_url: front.baseUrl, token: scim.token },
      {
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
  });
  afterEach(async () => {
    await new Promise((resolve) => front.server.close(resolve));
    await scim.close();
  });

  const sync = (desired: readonly Learner[]) => syncTarget(target, desired);

  it("rejects the update in the server's words, never retries it, and goes on with the others", async () => {
    expect(await sync([learner("1"), learner("2")])).toMatchObject({ created: 2, rejects: [] });

    const result = await sync([learner("1", { title: "Lead" }), learner("2"), learner("3")]);
    expect(result).toMatchObject({ created: 1 });
    expect(result.rejects).toEqual([
      expect.objectContaining({ external_id: "1", reason: "SCIM 501: Not Implemented" }),
    ]);
    expect(scim.users.count()).toBe(3);
    expect(waits).toEqual([]);
  });
});
