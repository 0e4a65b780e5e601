import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { learner } from "../../../test/fixtures/learner.js";
import { syncTarget } from "../../../test/helpers/sync-target.js";
import { requestTally, startScimEmulator } from "@hibob-learners/lms-emulators/scim";
import type { ScimEmulator } from "@hibob-learners/lms-emulators/scim";
import { openScimTarget } from "./scim.js";
import type { Target } from "./target.js";

/**
 * A server that advertises PATCH yet answers 501 "Not Implemented" to a PATCH of attributes it does not map
 * (django-scim2 does so), while PUT, the baseline update of RFC 7644 §3.5.1, works.
 */
describe("SCIM target against a server that answers 501 to some PATCHes", () => {
  let scim: ScimEmulator;
  const waits: number[] = [];
  const open = (): Target =>
    openScimTarget(
      { type: "scim", base_url: scim.baseUrl, token: scim.token },
      {
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
  beforeEach(async () => {
    scim = await startScimEmulator({
      patchable: ["userName", "name.givenName", "name.familyName", "emails", "active"],
    });
    waits.length = 0;
  });
  afterEach(async () => {
    await scim.close();
  });

  it("never retries a 501, writes that change with GET + PUT instead, and PATCHes what the server implements", async () => {
    expect(await syncTarget(open(), [learner("1"), learner("2")])).toMatchObject({ created: 2, rejects: [] });

    const target = open();
    scim.resetRequests();
    const result = await syncTarget(target, [
      learner("1", { title: "Lead" }),
      learner("2", { status: "archived" }),
    ]);
    expect(result).toMatchObject({ updated: 1, archived: 1, rejects: [] });
    expect(scim.users.byExternalId("1")[0]).toMatchObject({ title: "Lead" });
    expect(scim.users.byExternalId("2")[0]).toMatchObject({ active: false });
    expect(scim.requests().byRoute).toMatchObject({ "PATCH /Users/:id": 2, "PUT /Users/:id": 1 });
    expect(target.takeWarnings?.()).toEqual([
      expect.stringMatching(
        /^The SCIM server does not implement PATCH of title \(SCIM 501: Not Implemented\)/,
      ),
    ]);
    expect(waits).toEqual([]);

    // Later title changes of the run go straight to PUT.
    scim.resetRequests();
    await syncTarget(target, [learner("1", { title: "Head" }), learner("2", { status: "archived" })]);
    expect(scim.requests().byRoute["PATCH /Users/:id"]).toBeUndefined();
    expect(requestTally(scim.requests()).writes).toBe(1);
  });
});
