import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { basicAuthHeader } from "./http.js";
import { runEmulate } from "./cli.js";

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream, text: () => text };
}

async function firstLine(out: ReturnType<typeof capture>): Promise<string> {
  for (let i = 0; i < 200 && !out.text().includes("\n"); i++) await new Promise((r) => setTimeout(r, 25));
  return out.text().split("\n")[0] ?? "";
}

describe("runEmulate", () => {
  it("prints the base URL on stdout when ready, serves the given credentials, and stops on a signal", async () => {
    const stdout = capture();
    const stderr = capture();
    const stop = new AbortController();
    const done = runEmulate(
      [
        "--port",
        "0",
        "--employees",
        "25",
        "--seed",
        "7",
        "--today",
        "2026-03-02",
        "--service-user-id",
        "SU",
        "--service-user-token",
        "TOKEN",
        "--scope-include",
        "terminated",
        "--no-rate-limits",
      ],
      { stdout: stdout.stream, stderr: stderr.stream },
      { signal: stop.signal },
    );
    const url = await firstLine(stdout);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const ok = await fetch(`${url}/people/search`, {
      method: "POST",
      headers: { authorization: basicAuthHeader("SU", "TOKEN"), "content-type": "application/json" },
      body: JSON.stringify({ fields: ["root.id"], showInactive: true }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-limit")).toBeNull();
    expect(((await ok.json()) as { employees: unknown[] }).employees).toHaveLength(25);
    const denied = await fetch(`${url}/company/people/fields`, {
      headers: { authorization: basicAuthHeader("SU", "nope") },
    });
    expect(denied.status).toBe(401);
    stop.abort();
    expect(await done).toBe(0);
    expect(stdout.text().trim().split("\n")).toEqual([url]);
    expect(stderr.text()).toContain("25 employees");
    await expect(fetch(`${url}/company/people/fields`)).rejects.toThrow();
  });

  it.each([
    [["--employees", "lots"]],
    [["--employees", "200001"]],
    [["--bogus"]],
    [["--scope-include", "everyone"]],
    [["--fault", "people.search:teapot"]],
    [["--today", "02/03/2026"]],
    [["--permissions", "work,secrets"]],
  ])("refuses %j with a message on stderr and exit code 2", async (argv) => {
    const stdout = capture();
    const stderr = capture();
    expect(await runEmulate(argv, { stdout: stdout.stream, stderr: stderr.stream })).toBe(2);
    expect(stdout.text()).toBe("");
    expect(stderr.text()).toContain("Usage: hibob-learners emulate");
  });

  it("prints help", async () => {
    const stdout = capture();
    expect(await runEmulate(["--help"], { stdout: stdout.stream, stderr: capture().stream })).toBe(0);
    expect(stdout.text()).toContain("--service-user-token");
  });
});
