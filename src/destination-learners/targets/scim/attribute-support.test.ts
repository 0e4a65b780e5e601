import { describe, expect, it } from "vitest";
import { learner } from "../../../../test/fixtures/learner.js";
import { RunWarnings } from "../run-warnings.js";
import { AttributeSupport } from "./attribute-support.js";
import { FULL_CAPABILITIES } from "./capabilities.js";
import { userResource } from "./user-resource.js";

const support = (capabilities = FULL_CAPABILITIES) => {
  const warnings = new RunWarnings();
  return { support: new AttributeSupport(capabilities, warnings), warnings };
};
/** A user as a server that keeps only these attributes answers it. */
const kept = (resource: Record<string, unknown>, attributes: string[]) => ({
  id: "u1",
  ...Object.fromEntries(Object.entries(resource).filter(([name]) => attributes.includes(name))),
});

describe("AttributeSupport", () => {
  it("plans every field of a full server, and drops what discovery says is missing", () => {
    expect(support().support.fields).toContain("department");
    const { support: partial, warnings } = support({
      ...FULL_CAPABILITIES,
      enterprise: false,
      userAttributes: new Set(["userName", "name", "emails", "active", "displayName"]),
    });
    expect(partial.fields).toEqual([
      "external_id",
      "email",
      "first_name",
      "last_name",
      "display_name",
      "status",
    ]);
    expect(partial.managerLinks).toBe(false);
    expect(warnings.take()).toEqual([
      "The SCIM server does not keep department (enterprise:department), manager (enterprise:manager): it has " +
        "no enterprise User extension (/ResourceTypes). They are not written.",
      expect.stringContaining(
        "title, location (addresses), phone (phoneNumbers), employment_type (userType), role (roles): its User schema (/Schemas)",
      ),
    ]);
  });

  it("learns from a create's answer what the server dropped, once, and keeps planning the rest", () => {
    const { support: learnt, warnings } = support();
    const sent = learner("1", { title: "Engineer", phone: "+1 555" });
    const answer = kept(userResource(sent), ["userName", "name", "emails", "active", "externalId"]);
    learnt.learnFrom(sent, learnt.sendable, true, answer);
    learnt.learnFrom(sent, learnt.sendable, true, answer);
    expect(learnt.fields).toEqual(["external_id", "email", "first_name", "last_name", "status"]);
    expect(learnt.managerLinks).toBe(false);
    expect(warnings.take()).toHaveLength(1);
  });

  it("a value the server changed (a computed displayName) is the server's, not planned again", () => {
    const { support: learnt } = support();
    const sent = learner("1", { display_name: "Ana M. Silva" });
    learnt.learnFrom(sent, ["display_name"], false, {
      ...userResource(sent),
      id: "u1",
      displayName: "Ana Silva",
    });
    expect(learnt.fields).not.toContain("display_name");
  });

  it("presumes dropped what none of the users it wrote holds, still sends it, and an answer that keeps it ends that", () => {
    const { support: learnt, warnings } = support();
    const bare = (id: string, externalId?: string) => ({
      id,
      userName: `${id}@acme.test`,
      name: { givenName: "A" },
      active: true,
      ...(externalId === undefined ? {} : { externalId }),
    });
    // Users made by hand (no externalId) say nothing of what the server keeps.
    learnt.presumeFrom([bare("a"), bare("b")]);
    expect(learnt.presumed).toEqual([]);

    learnt.presumeFrom([bare("a", "1"), bare("b", "2"), bare("c")]);
    expect(learnt.fields).toEqual(["external_id", "email", "first_name", "status"]);
    // No link held yet says nothing: a company's first links are still to make.
    expect(learnt.managerLinks).toBe(true);
    expect(learnt.sendable).toContain("title");
    // externalId is how learners are matched: only an answer can show the server drops it.
    expect(learnt.presumed).toEqual([
      "last_name",
      "display_name",
      "title",
      "department",
      "location",
      "phone",
      "employment_type",
      "role",
    ]);
    // Presumed, not known: the destination tells only the values it withholds (`Plan.withheld`).
    expect(warnings.take()).toEqual([]);

    const sent = learner("1", { title: "Engineer" });
    learnt.learnFrom(sent, learnt.sendable, false, { ...userResource(sent), id: "u1" });
    expect(learnt.fields).toEqual(expect.arrayContaining(["title", "last_name"]));
  });

  it("learns from a manager link's answer that the server drops links", () => {
    const { support: learnt, warnings } = support();
    learnt.learnManager({ ...userResource(learner("1")), id: "u1" });
    expect(learnt.managerLinks).toBe(false);
    expect(warnings.take()).toEqual([
      expect.stringMatching(/^The SCIM server does not keep manager \(enterprise:manager\)/),
    ]);
  });

  it("presumes nothing from a single user", () => {
    const { support: learnt } = support();
    learnt.presumeFrom([{ id: "a", userName: "a@acme.test", externalId: "1" }]);
    expect(learnt.fields).toContain("title");
  });
});
