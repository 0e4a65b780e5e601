import { describe, expect, it } from "vitest";
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

  it("refuses an employee without an id, or with one a number could not hold exactly", () => {
    expect(() => employeeRecord({ id: 2 ** 60 })).toThrow(/too large to read exactly/);
    expect(() => employeeRecord({ work: {} })).toThrow(/not an id: nothing/);
    expect(employeeRecord({ id: 42 }).id).toBe("42");
  });
});
