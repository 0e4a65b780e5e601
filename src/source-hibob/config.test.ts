import { describe, expect, it } from "vitest";
import { parseConfig } from "../protocol/index.js";
import { DEFAULT_API_URL, SourceConfig } from "./config.js";

const credentials = { service_user_id: "u", service_user_token: "t" };

describe("SourceConfig", () => {
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
