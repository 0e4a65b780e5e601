import { describe, expect, it } from "vitest";
import { ConfigError, SystemError } from "../protocol/index.js";
import { employeeRecord } from "./employee-record.js";

describe("employeeRecord", () => {
  it("keeps the nested form with its nulls and drops the slash-key duplicates", () => {
    const raw = {
      "/root/id": { value: "3332883884017713938" },
      "/work/title": { value: "261454635" },
      id: "3332883884017713938",
      work: { title: "261454635", department: null },
      humanReadable: { work: { title: "Engineer", department: null } },
    };
    expect(employeeRecord(raw)).toEqual({
      id: "3332883884017713938",
      work: { title: "261454635", department: null },
      humanReadable: { work: { title: "Engineer", department: null } },
    });
  });

  it("takes the id from the slash form when the nested root id is missing", () => {
    expect(employeeRecord({ "/root/id": { value: "3332883884017713938" } })).toEqual({
      id: "3332883884017713938",
    });
  });

  it("refuses an id that is not one, or one a number could not hold exactly, as Bob's fault", () => {
    expect(() => employeeRecord({ id: 2 ** 60 })).toThrow(SystemError);
    expect(() => employeeRecord({ id: 2 ** 60 })).toThrow(/too large to read exactly/);
    expect(() => employeeRecord({ id: "" })).toThrow(/The employee id Bob sent is not an id: ""/);
    expect(employeeRecord({ id: 42 }).id).toBe("42");
  });

  it("refuses an employee Bob sent without any id as the missing Basic info permission", () => {
    for (const raw of [{ work: {} }, {}]) {
      expect(() => employeeRecord(raw)).toThrow(ConfigError);
      expect(() => employeeRecord(raw)).toThrow(/Basic info › ID \(root\.id\)/);
    }
  });
});
