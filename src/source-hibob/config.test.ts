import { describe, expect, it } from "vitest";
import { parseConfig } from "../protocol/index.js";
import { DEFAULT_API_URL, SourceConfig } from "./config.js";

const credentials = { service_user_id: "u", service_user_token: "t" };

describe("SourceConfig", () => {
  it.each([
    "work.custom.field_1659639494941",
    "payroll.variable.Executive bonus.amount",
    "payroll.entitlement.Company Car.amount",
    "identification.custom.Payroll Integration ID_1RNhIIf",
    "custom.category_1652274561548.field_1652274599321",
  ])("takes the additional field id %j, spaces and all", (id) => {
    expect(SourceConfig.parse({ ...credentials, additional_fields: [id] }).additional_fields).toEqual([id]);
  });

  it("trims a pasted field id but keeps the spaces inside it", () => {
    const parsed = SourceConfig.parse({
      ...credentials,
      additional_fields: [" payroll.variable.Executive bonus.amount\t"],
    });
    expect(parsed.additional_fields).toEqual(["payroll.variable.Executive bonus.amount"]);
  });

  it.each([
    "work",
    "work.",
    ".work.title",
    "work..title",
    "work. title",
    "work.title .x",
    "1work.title",
    "/work/title",
  ])("refuses %j as an additional field id, saying what an id looks like", (id) => {
    expect(() => parseConfig(SourceConfig, { ...credentials, additional_fields: [id] })).toThrow(
      /'additional_fields\.0' must be a Bob field id/,
    );
  });

  it("fills the defaults", () => {
    expect(SourceConfig.parse(credentials)).toMatchObject({ ...credentials, api_url: DEFAULT_API_URL });
  });

  // A misspelt option z.object would ignore silently is refused, naming the option meant.
  it.each([
    [{ batchsize: 500 }, "'batchsize' is not a setting; did you mean 'batch_size'?"],
    [{ include_inactve: false }, "'include_inactve' is not a setting; did you mean 'include_inactive'?"],
    [{ apiUrl: DEFAULT_API_URL }, "'apiUrl' is not a setting; did you mean 'api_url'?"],
    [
      { token: "t" },
      "'token' is not a setting (the settings are service_user_id, service_user_token, api_url, ",
    ],
  ])("refuses %j", (extra, problem) => {
    expect(() => parseConfig(SourceConfig, { ...credentials, ...extra })).toThrow(
      `Invalid configuration: ${problem}`,
    );
  });
});
