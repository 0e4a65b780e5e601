import { describe, expect, it } from "vitest";
import { readSourceLine } from "./source-line.js";

describe("readSourceLine", () => {
  it.each([
    ['{"type":"RECORD","record":{"stream":"employees","data":{"id":"1"},"emitted_at":1}}', "employees"],
    [
      '{"record":{"emitted_at":1,"data":{"id":"1","type":"STATE"},"namespace":"hr","stream":"employees"},"type":"RECORD"}',
      "employees",
    ],
    ['{ "type" : "RECORD", "record" : { "data" : {}, "stream" : "sites" } }', "sites"],
    ['{"type":"RECORD","record":{"stream":"a\\"b","data":{}}}', 'a"b'],
  ])("counts a record whatever the order of its keys: %s", (line, stream) => {
    expect(readSourceLine(line)).toEqual({ record: stream });
  });

  it("reads any other message whole, validated", () => {
    const state =
      '{"state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"employees"}}},"type":"STATE"}';
    expect(readSourceLine(state)).toEqual({
      message: {
        type: "STATE",
        state: { type: "STREAM", stream: { stream_descriptor: { name: "employees" } } },
      },
    });
  });

  it.each(["not json", '{"type":"RECORD","record":{"stream":7}}', '{"type":"NOISE"}', "[]"])(
    "reads %s as nothing",
    (line) => {
      expect(readSourceLine(line)).toBeNull();
    },
  );
});
