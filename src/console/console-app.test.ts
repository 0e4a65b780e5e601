import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { shellWord } from "./console-app.js";

describe("shellWord (the schedule command the console prints)", () => {
  it.each([
    "0 6 * * *",
    "Europe/London",
    ".hibob-learners/source.json",
    "My Configs/bob's.json",
    "$HOME;rm",
    "",
  ])("%j reads back unchanged in a shell", async (word) => {
    const { stdout } = await promisify(execFile)("sh", ["-c", `printf '%s' ${shellWord(word)}`]);
    expect(stdout).toBe(word);
  });

  it("leaves plain words unquoted", () => {
    expect(shellWord("source-to-destination")).toBe("source-to-destination");
  });
});
