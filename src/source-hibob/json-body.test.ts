import { describe, expect, it } from "vitest";
import { parseJsonBody } from "./json-body.js";

const parse = (text: string): unknown => parseJsonBody(Buffer.from(text, "utf8"), 0);

describe("parseJsonBody", () => {
  it.each([
    '{"employees":[{"id":"1","name":"Anja Weiß"},{"id":"2","n":{"a":[1,{"b":"}]\\"{["}]}}]}',
    ' \n{ "total" : 2 , "employees" : [ { "x" : "😀\\u00e9" } ,\n{ } ] , "next": null, "more": [1, 2] } \n',
    '{"values":[],"employees":[{"a":1}]}',
    '{"employees":[{"a":1}],"other":[{"b":2}]}',
    '{"employees":1,"employees":[{"a":1}]}',
    '{"employees":[{"a":1}],"employees":[]}',
    '{"employ\\u0065es":[{"a":1}],"employees":[]}',
    '{"__proto__":[{"a":1}]}',
    '{"list":[1,2,3]}',
    '{"list":[{"a":1},2]}',
    '[{"a":1}]',
    "{}",
    '"text"',
  ])("gives JSON.parse's value for %s", (text) => {
    expect(parse(text)).toStrictEqual(JSON.parse(text));
  });

  it.each([
    '{"employees":[{"a":1},{"b":2}',
    '{"employees":[{"a":1} {"b":2}]}',
    '{"employees":[{"a":1},{"b":2,}]}',
    '{"employees":[{"a":1},{"b":"}]}',
    '{"employees":[{"a":1}]} x',
    '{"employees":[{"a":1}],}',
    '\ufeff{"employees":[{"a":1}]}',
    "<html></html>",
    "",
  ])("fails where JSON.parse fails: %s", (text) => {
    expect(() => {
      JSON.parse(text);
    }).toThrow();
    expect(() => parse(text)).toThrow();
  });

  it("splits only large bodies, with the same result either way", () => {
    const text = JSON.stringify({
      employees: Array.from({ length: 2000 }, (_, i) => ({ id: String(i), é: "ü" })),
    });
    expect(parseJsonBody(Buffer.from(text))).toStrictEqual(JSON.parse(text));
  });
});
