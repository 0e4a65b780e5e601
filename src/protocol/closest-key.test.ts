import { describe, expect, it } from "vitest";
import { closestKey, editDistance } from "./closest-key.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["path", "path", 0],
    ["dryrun", "dry_run", 1],
    ["pth", "path", 1],
    ["phnoe", "phone", 1],
    ["kitten", "sitting", 3],
    ["ca", "abc", 3],
  ])("%j → %j is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("closestKey", () => {
  const destination = ["target", "archive_terminated", "archive_missing", "dry_run", "course_rules"];

  it.each([
    ["dryrun", destination, "dry_run"],
    ["dryRun", destination, "dry_run"],
    ["DRY_RUN", destination, "dry_run"],
    ["dry-run", destination, "dry_run"],
    ["archive_termnated", destination, "archive_terminated"],
    ["archive_misssing", destination, "archive_missing"],
    ["targte", destination, "target"],
    ["pth", ["type", "path"], "path"],
    ["phnoe", ["email", "phone", "title"], "phone"],
    ["wehre", ["course", "when", "where"], "where"],
    ["serviceUserId", ["service_user_id", "service_user_token"], "service_user_id"],
    ["apiUrl", ["service_user_id", "api_url"], "api_url"],
  ])("%j among %j is %j", (key, candidates, expected) => {
    expect(closestKey(key, candidates)).toBe(expected);
  });

  it.each([
    ["colour", destination],
    ["x", ["type", "path"]],
    ["url", ["type", "path"]],
    ["anything", []],
  ])("%j among %j has no close match", (key, candidates) => {
    expect(closestKey(key, candidates)).toBeUndefined();
  });

  it("prefers the nearest, then the first declared", () => {
    expect(closestKey("archive_missng", ["archive_mission", "archive_missing"])).toBe("archive_missing");
    expect(closestKey("wher", ["when", "where"])).toBe("when");
    expect(closestKey("wher", ["where", "when"])).toBe("where");
  });
});
