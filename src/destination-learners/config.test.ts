import { describe, expect, it } from "vitest";
import { parseConfig } from "../protocol/index.js";
import { DestinationConfig } from "./config.js";

const TOKEN = "token-7f3a9c2e";

describe("DestinationConfig", () => {
  it("defaults to the embedded sqlite directory and safe options", () => {
    expect(DestinationConfig.parse({})).toEqual({
      target: { type: "sqlite", path: "learners.db" },
      archive_terminated: true,
      archive_missing: true,
      max_archive_percent: 10,
      include_employment_types: [],
      include_departments: [],
      include_sites: [],
      course_rules: [],
      notify_new_learners: false,
      dry_run: false,
      field_mapping: {},
    });
  });

  it.each([
    [{ type: "easyllama", api_token: TOKEN }, true],
    [{ type: "easyllama", client_id: "id", client_secret: TOKEN }, true],
    [{ type: "easyllama", client_id: "id" }, false],
    [{ type: "easyllama" }, false],
    [{ type: "scim", base_url: "https://lms.test/scim/v2", token: TOKEN }, true],
    [{ type: "scim", base_url: "http://127.0.0.1:4020/scim/v2", token: TOKEN }, true],
    [{ type: "scim", base_url: "http://[::1]:4020/scim/v2", token: TOKEN }, true],
    [{ type: "scim", base_url: "http://localhost:4020/scim/v2", token: TOKEN }, true],
    [{ type: "scim", base_url: "ftp://lms.test", token: TOKEN }, false],
    [{ type: "scim", base_url: "http://192.0.2.10/scim/v2", token: TOKEN }, false],
    [{ type: "easyllama", api_url: "http://127.0.0.1:4030/api/v1", api_token: TOKEN }, true],
    [{ type: "easyllama", api_url: "http://198.51.100.4/api/v1", api_token: TOKEN }, false],
    [{ type: "scim", base_url: "https://lms.test/scim/v2" }, false],
    [{ type: "nope" }, false],
  ])("target %j valid: %s", (target, valid) => {
    expect(DestinationConfig.safeParse({ target }).success).toBe(valid);
  });

  it("fills the EasyLlama API URL and reads course rules and field mapping", () => {
    const config = DestinationConfig.parse({
      target: { type: "easyllama", api_token: TOKEN },
      course_rules: [{ course: "c", when: "promoted_to_supervisor", where: { role: "supervisor" } }],
      field_mapping: { phone: ["work.workMobile"] },
      new_hire_days_before_start: 7,
    });
    expect(config.target).toMatchObject({ api_url: "https://api.easyllama.com/api/v1" });
    expect(config.course_rules[0]?.when).toBe("promoted_to_supervisor");
    expect(config.field_mapping.phone).toEqual(["work.workMobile"]);
  });

  it.each([
    { course_rules: [{ course: "c", when: "moved_region" }] },
    { max_archive_percent: 101 },
    { new_hire_days_before_start: 1.5 },
    { field_mapping: { phone: [] } },
  ])("rejects %j", (config) => {
    expect(DestinationConfig.safeParse(config).success).toBe(false);
  });

  it.each([
    [
      { field_mapping: { phnoe: ["home.mobilePhone"] } },
      "Invalid configuration: 'field_mapping.phnoe' is not a learner field; did you mean 'field_mapping.phone'?",
    ],
    [
      { field_mapping: { mobile: ["home.mobilePhone"] } },
      "Invalid configuration: 'field_mapping.mobile' is not a learner field (the learner fields of " +
        "'field_mapping' are email, first_name, last_name, display_name, title, department, location, " +
        "start_date, phone, employment_type).",
    ],
    [
      { target: { type: "easyllama", client_id: "id" } },
      "Invalid configuration: 'target' is EasyLlama, which needs target.client_id and target.client_secret, " +
        "or target.api_token.",
    ],
  ])("refuses %j with one sentence naming the field", (raw, message) => {
    expect(() => parseConfig(DestinationConfig, raw)).toThrow(message);
  });

  // A key z.object would drop silently (`dryrun: true` would write for real) is refused at every depth.
  it.each([
    [{ dryrun: true }, "'dryrun' is not a setting; did you mean 'dry_run'?"],
    [
      { archive_termianted: false },
      "'archive_termianted' is not a setting; did you mean 'archive_terminated'?",
    ],
    [{ courses: [] }, "'courses' is not a setting (the settings are target, archive_terminated, "],
    [
      { target: { type: "sqlite", pth: "x.db" } },
      "'target.pth' is not a setting; did you mean 'target.path'?",
    ],
    [
      { target: { type: "scim", base_url: "https://lms.test/scim/v2", token: TOKEN, baseurl: "x" } },
      "'target.baseurl' is not a setting; did you mean 'target.base_url'?",
    ],
    [
      { target: { type: "easyllama", api_token: TOKEN, apiToken: "t" } },
      "'target.apiToken' is not a setting; did you mean 'target.api_token'?",
    ],
    [
      { course_rules: [{ course: "c", when: "new_learner", wehn: "x" }] },
      "'course_rules.0.wehn' is not a setting; did you mean 'course_rules.0.when'?",
    ],
    [
      { course_rules: [{ course: "c", when: "new_learner", where: { departmnet: "Sales" } }] },
      "'course_rules.0.where.departmnet' is not a setting; did you mean 'course_rules.0.where.department'?",
    ],
  ])("refuses the unknown key in %j", (raw, problem) => {
    expect(DestinationConfig.safeParse(raw).success).toBe(false);
    expect(() => parseConfig(DestinationConfig, raw)).toThrow(`Invalid configuration: ${problem}`);
  });

  it.each([
    [{ type: "scim", base_url: "https://lms.test/scim/v2", token: "T" }, "target.token"],
    [{ type: "easyllama", client_id: "id", client_secret: "s3cr3t" }, "target.client_secret"],
    [{ type: "easyllama", api_token: "abc" }, "target.api_token"],
  ])("refuses the short secret of %j, naming %s", (target, field) => {
    expect(() => parseConfig(DestinationConfig, { target })).toThrow(
      `'${field}' is too short to be a real credential`,
    );
  });

  it.each([
    [
      { type: "scim", base_url: "https://lms-admin:pa55word@lms.test/scim/v2", token: TOKEN },
      "target.base_url",
    ],
    [
      { type: "easyllama", api_url: "https://lms-admin:pa55word@api.easyllama.com/api/v1", api_token: TOKEN },
      "target.api_url",
    ],
    [
      { type: "easyllama", api_url: "https://lms-admin@api.easyllama.com/api/v1", api_token: TOKEN },
      "target.api_url",
    ],
  ])("refuses credentials inside the URL of %j without repeating them", (target, field) => {
    let message = "";
    try {
      parseConfig(DestinationConfig, { target });
    } catch (error) {
      message = error instanceof Error ? error.message : "";
    }
    expect(message).toContain(`'${field}' must not hold a user name or password`);
    expect(message).not.toMatch(/lms-admin|pa55word/);
  });
});
