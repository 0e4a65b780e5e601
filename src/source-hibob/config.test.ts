import { describe, expect, it } from "vitest";
import { parseConfig } from "../protocol/index.js";
import { DEFAULT_API_URL, SourceConfig } from "./config.js";

const credentials = { service_user_id: "u", service_user_token: "token-7f3a9c2e" };

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

  // Plain http carries the token in clear: only to this machine. Literal addresses are decided here; a name (even
  // one that starts with "127.") is resolved when the client connects (see url-safety.ts and client.test.ts).
  it.each([
    "http://127.0.0.1:4010/v1",
    "http://127.8.9.10/v1",
    "http://[::1]:4010/v1",
    "http://localhost:4010/v1",
    "http://127.attacker.example/v1",
    "https://api.sandbox.hibob.com/v1",
  ])("takes api_url %s for now", (api_url) => {
    expect(SourceConfig.safeParse({ ...credentials, api_url }).success).toBe(true);
  });

  it.each(["http://10.0.0.7/v1", "http://[2001:db8::1]/v1", "http://0.0.0.0:4010/v1"])(
    "refuses plain http to the address %s, naming api_url and the fix",
    (api_url) => {
      expect(() => parseConfig(SourceConfig, { ...credentials, api_url })).toThrow(
        /'api_url' must use https: .*plain http only to this machine/,
      );
    },
  );

  it("refuses credentials inside api_url without repeating them", () => {
    const raw = { ...credentials, api_url: "https://svc-user:hunter2-pass@api.hibob.com/v1" };
    const error = captured(() => parseConfig(SourceConfig, raw));
    expect(error.message).toMatch(/'api_url' must not hold a user name or password/);
    expect(error.message).not.toMatch(/svc-user|hunter2/);
  });

  it.each([
    ["T", /'service_user_token' is too short to be a real credential/],
    ["1234567", /'service_user_token' is too short to be a real credential/],
    ["********", /'service_user_token' is one character repeated/],
  ])("refuses the token %j, naming the field", (service_user_token, problem) => {
    const error = captured(() => parseConfig(SourceConfig, { ...credentials, service_user_token }));
    expect(error.message).toMatch(problem);
  });
});

function captured(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected a throw");
}
