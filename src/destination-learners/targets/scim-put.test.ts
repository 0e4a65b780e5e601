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

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/**
 * A SCIM server without PATCH, as some LMSs are: a node:http front over the emulator that advertises
 * patch.supported=false and answers PATCH with 501, passing everything else through.
 */
async function withoutPatch(
  scim: ScimEmulator,
): Promise<{ baseUrl: string; server: Server; patches: () => number }> {
  let patches = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "PATCH") {
        patches += 1;
        response.writeHead(501).end();
        return;
      }
      const url = `${new URL(scim.baseUrl).origin}${request.url ?? ""}`;
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type", "accept"]) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const body = chunks.length === 0 ? null : Buffer.concat(chunks);
      void fetch(url, { method: request.method ?? "GET", headers, body }).then(async (answer) => {
        let text = await answer.text();
        if (request.url?.includes("/ServiceProviderConfig") === true) {
          const config = JSON.parse(text) as Record<string, unknown>;
          text = JSON.stringify({ ...config, patch: { supported: false } });
        }
        response.writeHead(answer.status, { "content-type": "application/scim+json" }).end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${new URL(scim.baseUrl).pathname}`,
    server,
    patches: () => patches,
  };
}

describe("SCIM target against a server without PATCH", () => {
  let scim: ScimEmulator;
  let front: Awaited<ReturnType<typeof withoutPatch>>;
  let target: Target;
  beforeEach(async () => {
    scim = await startScimEmulator();
    front = await withoutPatch(scim);
    target = openScimTarget(
      { type: "scim", base_url: front.baseUrl, token: scim.token },
      { sleep: () => Promise.resolve() },
    );
  });
  afterEach(async () => {
    await new Promise((resolve) => front.server.close(resolve));
    await scim.close();
  });

  const sync = (desired: readonly Learner[]) => syncTarget(target, desired);

  it("updates, archives and links managers with GET + PUT, keeping what the LMS owns", async () => {
    await sync([learner("1", { manager_external_id: "2" }), learner("2")]);
    const id = scim.users.byExternalId("1")[0]?.id;
    if (typeof id !== "string") throw new Error("user 1 was not created");
    expect(scim.users.get(id)?.[ENTERPRISE]).toMatchObject({
      manager: { value: scim.users.byExternalId("2")[0]?.id },
    });

    // Something only the LMS sets survives a full replace.
    const seeded = await fetch(`${scim.baseUrl}/Users/${id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "locale", value: "en-GB" }],
      }),
    });
    expect(seeded.status).toBe(200);

    const result = await sync([
      learner("1", { title: "Lead", status: "archived", manager_external_id: "2" }),
      learner("2"),
    ]);
    expect(result).toMatchObject({ archived: 1, rejects: [] });
    expect(scim.users.get(id)).toMatchObject({ title: "Lead", active: false, locale: "en-GB" });
    expect(scim.users.get(id)?.[ENTERPRISE]).toMatchObject({
      manager: { value: scim.users.byExternalId("2")[0]?.id },
    });
    expect(front.patches()).toBe(0);
    // The manager link rode on the create: the only PUT is the archive's.
    expect(scim.requests().byRoute["PUT /Users/:id"]).toBe(1);
  });
});
