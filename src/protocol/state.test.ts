import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { parseInputState } from "./state.js";

describe("parseInputState", () => {
  it("maps STREAM and GLOBAL states to their streams, namespaces included", () => {
    const state = parseInputState([
      { type: "STREAM", stream: { stream_descriptor: { name: "employees" }, stream_state: { a: 1 } } },
      { type: "STREAM", stream: { stream_descriptor: { name: "reset" }, stream_state: null } },
      {
        type: "GLOBAL",
        global: {
          stream_states: [{ stream_descriptor: { name: "t", namespace: "bob" }, stream_state: { b: 2 } }],
        },
      },
    ]);
    expect([...state.streams]).toEqual([
      ["employees", { a: 1 }],
      ["reset", null],
      ["bob.t", { b: 2 }],
    ]);
    expect(state.legacy).toBeUndefined();
  });

  it("accepts a LEGACY state, as a message or a bare blob, without mapping it to streams", () => {
    expect(parseInputState([{ type: "LEGACY", data: { cursor: 1 } }]).legacy).toEqual({ cursor: 1 });
    expect(parseInputState({ cursor: 2 }).legacy).toEqual({ cursor: 2 });
    expect(parseInputState({ cursor: 2 }).streams.size).toBe(0);
  });

  it("refuses a state file of the wrong shape with a config error", () => {
    expect(() => parseInputState([{ type: "STREAM", stream: { stream_state: {} } }])).toThrow(ConfigError);
    expect(() => parseInputState("state")).toThrow(/not an array of Airbyte state messages/);
  });
});
