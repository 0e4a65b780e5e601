import { describe, expect, it } from "vitest";
import { z } from "zod";
import { captureEmitter } from "../../../test/helpers/capture.js";
import { StreamReporter } from "../../protocol/index.js";
import { parseSavedState } from "./saved-state.js";

const Schema = z.object({ modificationDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

async function parse(blob: Record<string, unknown> | undefined) {
  const { emitter, messages } = captureEmitter();
  const out = new StreamReporter(emitter, { name: "work_history" });
  const state = await parseSavedState(Schema, blob, out);
  return { state, messages: messages() };
}

describe("parseSavedState", () => {
  it("returns a state of the right shape, silently", async () => {
    expect(await parse({ modificationDate: "2026-01-01" })).toEqual({
      state: { modificationDate: "2026-01-01" },
      messages: [],
    });
  });

  it.each([[undefined], [{ __ab_no_cursor_state_message: true }]])(
    "starts afresh without a warning from %j",
    async (blob) => {
      expect(await parse(blob)).toEqual({ state: undefined, messages: [] });
    },
  );

  it.each([[{ modificationDate: "yesterday" }], [{ cursor: 3 }], [{}]])(
    "starts afresh from %j and says why in one WARN",
    async (blob) => {
      const { state, messages } = await parse(blob);
      expect(state).toBeUndefined();
      expect(messages).toEqual([
        {
          type: "LOG",
          log: {
            level: "WARN",
            message: expect.stringMatching(/^work_history: The saved state .* reading everything again\.$/),
          },
        },
      ]);
    },
  );
});
