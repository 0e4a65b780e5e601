import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Learner } from "../../src/destination-learners/learner.js";
import { planChanges } from "../../src/destination-learners/plan/index.js";
import type { CurrentLearner } from "../../src/destination-learners/plan/index.js";
import { openScimTarget } from "../../src/destination-learners/targets/scim.js";
import type { Target } from "../../src/destination-learners/targets/target.js";
import { ConfigError } from "../../src/protocol/index.js";
import { learner } from "../fixtures/learner.js";
import { syncTarget } from "../helpers/sync-target.js";
import type { BetterAuthScim } from "./better-auth-scim.js";
import { startBetterAuthScim } from "./better-auth-scim.js";

// The SCIM target against a third-party SCIM 2.0 server: better-auth 1.7.5 with @better-auth/scim 1.7.5.
//
// What it supports (its discovery answers, probes by hand, and these tests): /ServiceProviderConfig says PATCH
// yes, filter yes (maxResults 100); /ResourceTypes has User (with the enterprise extension) and Group; it keeps
// every User attribute the target writes (userName, externalId, name, displayName, emails, title, userType,
// phoneNumbers, addresses, roles, active, enterprise department and manager) and takes the target's PATCH paths
// (replace and remove on plain, sub-attribute, multi-valued and enterprise-URN paths); Groups with members;
// 409 scimType uniqueness on a userName (case-insensitive) or externalId already taken; `userName eq` filters
// case-insensitively; startIndex/count paging.
//
// What it lacks: bulk (no /Bulk: 404), sort (sortBy is ignored), etag and changePassword, all advertised as
// unsupported; attributes outside its canonical User (nickName, profileUrl, ims, photos, x509Certificates,
// password) are dropped from POST/PUT and refused in PATCH (400 invalidPath); manager.value is not checked
// against existing users; DELETE removes the user. The target uses none of these, so nothing degrades: every
// learner field SCIM can hold round-trips. start_date has no SCIM attribute on any server.

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const noSleep = () => Promise.resolve();

/** Six learners: 1 leads 2 and 3, 2 leads 4; 5 has a phone; 6 is the one a later sync archives. */
function staff(): Learner[] {
  const reportsTo = (id: string) => ({
    manager_external_id: id,
    manager_name: `P ${id}`,
    manager_email: `p${id}@acme.test`,
  });
  return [
    learner("1", { role: "supervisor", title: "Head of R&D" }),
    learner("2", { role: "supervisor", ...reportsTo("1") }),
    learner("3", reportsTo("1")),
    learner("4", { department: "Platform", ...reportsTo("2") }),
    learner("5", { phone: "+44 20 7946 0000", location: "Paris" }),
    learner("6", { employment_type: "Contractor" }),
  ];
}

/** What a load gives back of a learner: SCIM holds no start_date. */
const asLoaded = (entry: Learner): Learner => ({ ...entry, start_date: null });

/** A learner as a load gives it: a user without externalId has none. */
type LoadedLearner = CurrentLearner["learner"];

const byId = <T extends LoadedLearner>(entries: readonly T[]): T[] =>
  [...entries].sort((a, b) => (a.external_id ?? "").localeCompare(b.external_id ?? ""));

describe("SCIM target against better-auth's SCIM plugin", () => {
  let peer: BetterAuthScim;
  let target: Target;
  beforeEach(async () => {
    peer = await startBetterAuthScim();
    target = openScimTarget(
      { type: "scim", base_url: peer.baseUrl, token: peer.token },
      // Pages of 4: six learners take two, so every load follows better-auth's startIndex paging.
      { sleep: noSleep, random: () => 0.5, pageSize: 4 },
    );
  });
  afterEach(async () => {
    await target.close();
    await peer.close();
  });

  /** A GET on the peer itself, to see what it stores rather than what the target makes of it. */
  async function scimGet(path: string): Promise<Record<string, unknown>> {
    const answer = await fetch(`${peer.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${peer.token}` },
    });
    expect(answer.status).toBe(200);
    return (await answer.json()) as Record<string, unknown>;
  }

  async function loadedLearners(): Promise<LoadedLearner[]> {
    return byId((await target.load()).learners.map((entry) => entry.learner));
  }

  it("provisions learners and links managers by better-auth's own ids; load reads every field back", async () => {
    const desired = staff();
    const result = await syncTarget(target, desired);
    expect(result).toMatchObject({ created: 6, managers_linked: 3, rejects: [], not_written: [] });
    // One POST per learner: managers are created first, so each link rides on its report's create.
    expect(peer.countWrites()).toBe(6);

    expect(await loadedLearners()).toEqual(byId(desired.map(asLoaded)));
    const loaded = await target.load();
    const refOf = (externalId: string) =>
      loaded.learners.find((entry) => entry.learner.external_id === externalId)?.ref;
    // What better-auth stores, in the target's own shapes: nothing dropped, nothing renamed.
    expect(await scimGet(`/Users/${String(refOf("5"))}`)).toMatchObject({
      externalId: "5",
      userName: "p5@acme.test",
      active: true,
      name: { givenName: "P", familyName: "5" },
      displayName: "P 5",
      title: "Engineer",
      userType: "Full time",
      emails: [{ value: "p5@acme.test", type: "work", primary: true }],
      phoneNumbers: [{ value: "+44 20 7946 0000", type: "mobile" }],
      addresses: [{ type: "work", locality: "Paris" }],
      roles: [{ value: "non-supervisor", primary: true }],
      [ENTERPRISE]: { department: "R&D" },
    });
    expect(await scimGet(`/Users/${String(refOf("4"))}`)).toMatchObject({
      [ENTERPRISE]: { department: "Platform", manager: { value: refOf("2") } },
    });
    for (const entry of loaded.learners) expect(entry.created_at).toEqual(expect.any(String));
  });

  it("converges after an email change, a title change, an archive and a reactivation, then writes nothing", async () => {
    const first = staff();
    await syncTarget(target, first);
    // An earlier sync archived 6 (a leaver); it comes back in the second sync below.
    const leaver = first.map((entry) =>
      entry.external_id === "6" ? { ...entry, status: "archived" as const } : entry,
    );
    expect(await syncTarget(target, leaver)).toMatchObject({ archived: 1, rejects: [] });
    expect((await loadedLearners()).find((entry) => entry.external_id === "6")?.status).toBe("archived");

    // 2's email and 3's title change, 3 moves to 2's team, 4 has no manager any more, 5 leaves (and loses the
    // phone), 6 comes back.
    const desired = first.map((entry): Learner => {
      switch (entry.external_id) {
        case "2":
          return { ...entry, email: "two.new@acme.test" };
        case "3":
          return {
            ...entry,
            title: "Staff Engineer",
            manager_external_id: "2",
            manager_name: "P 2",
            manager_email: "two.new@acme.test",
          };
        case "4":
          return { ...entry, manager_external_id: null, manager_name: null, manager_email: null };
        case "5":
          return { ...entry, status: "archived", phone: null };
        default:
          return entry;
      }
    });
    peer.resetWrites();
    const result = await syncTarget(target, desired);
    expect(result).toMatchObject({
      created: 0,
      updated: 2,
      archived: 1,
      reactivated: 1,
      rejects: [],
      not_written: [],
    });
    // One PATCH each for 2 (email), 3 (title), 5 (archive), 6 (reactivation), 3's new manager and 4's removed one.
    expect(peer.countWrites()).toBe(6);
    expect(await loadedLearners()).toEqual(byId(desired.map(asLoaded)));

    const loaded = await target.load();
    const two = loaded.learners.find((entry) => entry.learner.external_id === "2");
    const stored = await scimGet(`/Users/${String(two?.ref)}`);
    // The email lives in userName and the work email: both moved, on the same user.
    expect(stored).toMatchObject({
      userName: "two.new@acme.test",
      emails: [{ value: "two.new@acme.test", type: "work", primary: true }],
    });
    expect((await scimGet("/Users")).totalResults).toBe(6);

    peer.resetWrites();
    const again = await syncTarget(target, desired);
    expect(again).toMatchObject({
      created: 0,
      updated: 0,
      archived: 0,
      reactivated: 0,
      managers_linked: 0,
      rejects: [],
    });
    expect(peer.countWrites()).toBe(0);
  });

  it("keeps externalId: the peer filters on it, and it is what load and the manager links key on", async () => {
    await syncTarget(target, [learner("emp-0042"), learner("emp-7", { manager_external_id: "emp-0042" })]);
    const found = await scimGet(`/Users?filter=${encodeURIComponent('externalId eq "emp-0042"')}`);
    expect(found).toMatchObject({
      totalResults: 1,
      Resources: [{ externalId: "emp-0042", userName: "pemp-0042@acme.test" }],
    });
    const loaded = await loadedLearners();
    expect(loaded.map((entry) => entry.external_id)).toEqual(["emp-0042", "emp-7"]);
    expect(loaded[1]?.manager_external_id).toBe("emp-0042");
  });

  it("adopts on 409 a user made by hand under the learner's userName, and rejects one another employee owns", async () => {
    // Users another tool made between load and apply.
    const made = async (resource: Record<string, unknown>) => {
      const answer = await fetch(`${peer.baseUrl}/Users`, {
        method: "POST",
        headers: { authorization: `Bearer ${peer.token}`, "content-type": "application/scim+json" },
        body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], ...resource }),
      });
      expect(answer.status).toBe(201);
    };
    const plan = planChanges([], [learner("1"), learner("2")], [], {
      archive_terminated: true,
      archive_missing: false,
      max_archive_percent: 100,
      course_rules: [],
      notify_new_learners: false,
    });
    await made({ userName: "P1@Acme.test" });
    await made({ userName: "p2@acme.test", externalId: "someone-else" });
    const result = await target.apply(plan);
    expect(result.created).toBe(1);
    expect(result.rejects).toEqual([
      expect.objectContaining({
        external_id: "2",
        reason: expect.stringContaining("already belongs to another SCIM user"),
      }),
    ]);
    const loaded = await loadedLearners();
    expect(loaded.find((entry) => entry.external_id === "1")).toEqual(asLoaded(learner("1")));
    expect(loaded).toHaveLength(2);
  });

  it("enrols learners in course groups once", async () => {
    const options = {
      archive_terminated: true,
      archive_missing: false,
      max_archive_percent: 100,
      course_rules: [{ course: "Onboarding", when: "new_learner" as const }],
      notify_new_learners: false,
    };
    const sync = async (desired: readonly Learner[]) => {
      const current = await target.load();
      return target.apply(planChanges(current.learners, desired, current.assignments, options));
    };
    expect(await sync([learner("1"), learner("2")])).toMatchObject({ created: 2, assigned: 2, rejects: [] });
    const loaded = await target.load();
    expect(loaded.assignments).toHaveLength(2);
    expect(loaded.assignments.map((entry) => entry.course)).toEqual(["Onboarding", "Onboarding"]);
    const groups = await scimGet("/Groups");
    expect(groups).toMatchObject({ totalResults: 1, Resources: [{ displayName: "Onboarding" }] });

    peer.resetWrites();
    expect(await sync([learner("1"), learner("2")])).toMatchObject({ created: 0, assigned: 0 });
    expect(peer.countWrites()).toBe(0);
  });

  it("fails with a ConfigError naming target.token when better-auth refuses the token", async () => {
    const wrong = openScimTarget(
      { type: "scim", base_url: peer.baseUrl, token: "not-the-token" },
      { sleep: noSleep },
    );
    const failure = await wrong.load().then(
      () => undefined,
      (error: unknown) => error,
    );
    await wrong.close();
    expect(failure).toBeInstanceOf(ConfigError);
    expect(String(failure)).toContain("target.token");
    expect(String(failure)).not.toContain("not-the-token");
  });
});
