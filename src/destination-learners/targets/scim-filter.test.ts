import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import { startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { planChanges } from "../plan/index.js";
import { openScimTarget } from "./scim.js";

/** A front over the emulator for a server without filtering: any `filter=` is refused (400) or fails (500). */
async function withoutFilters(
  scim: ScimEmulator,
  status: number,
): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url?.includes("filter=") === true) {
        response.writeHead(status, { "content-type": "application/scim+json" }).end(
          JSON.stringify({
            status: String(status),
            scimType: "invalidFilter",
            detail: "filtering is not supported",
          }),
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type", "accept"]) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const body = chunks.length === 0 ? null : Buffer.concat(chunks);
      void fetch(`${new URL(scim.baseUrl).origin}${request.url ?? ""}`, {
        method: request.method ?? "GET",
        headers,
        body,
      }).then(async (answer) => {
        response
          .writeHead(answer.status, { "content-type": "application/scim+json" })
          .end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${String(port)}${new URL(scim.baseUrl).pathname}`, server };
}

describe("SCIM target against a server without filtering", () => {
  let scim: ScimEmulator;
  let front: Awaited<ReturnType<typeof withoutFilters>> | undefined;
  beforeEach(async () => {
    scim = await startScimEmulator();
  });
  afterEach(async () => {
    await new Promise((resolve) => front?.server.close(resolve));
    await scim.close();
  });

  it.each([400, 500])(
    "adopts a user a 409 names by reading every user instead (filter answered %i)",
    async (status) => {
      front = await withoutFilters(scim, status);
      const target = openScimTarget(
        { type: "scim", base_url: front.baseUrl, token: scim.token },
        { sleep: () => Promise.resolve() },
      );
      const plan = planChanges([], [learner("1")], [], {
        archive_terminated: true,
        archive_missing: false,
        max_archive_percent: 100,
        course_rules: [],
        notify_new_learners: false,
      });
      // Made by hand between the load and the write: the create meets 409.
      scim.users.add({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "p1@acme.test" });
      const result = await target.apply(plan);
      expect(result).toMatchObject({ created: 1, rejects: [] });
      expect(scim.users.count()).toBe(1);
      expect(scim.users.byUserName("p1@acme.test")).toMatchObject({ externalId: "1", title: "Engineer" });
    },
  );
});
