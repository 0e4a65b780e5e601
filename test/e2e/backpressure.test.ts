import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/spawn.js";

const RECORDS = 500_000;
const RECORD_SIZE = 1_000;
const MAX_RSS_BYTES = 200 * 1024 * 1024;

describe("emitter backpressure", () => {
  it(`emits ${RECORDS} records of ${RECORD_SIZE} bytes into a paused consumer in under 200 MB RSS`, async () => {
    const dir = await mkdtemp(join(tmpdir(), "flood-"));
    const config = join(dir, "config.json");
    const catalog = join(dir, "catalog.json");
    await writeFile(
      config,
      JSON.stringify({ token: "flood-secret", records: RECORDS, record_size: RECORD_SIZE }),
    );
    await writeFile(
      catalog,
      JSON.stringify({
        streams: [
          {
            stream: { name: "numbers", json_schema: {}, supported_sync_modes: ["full_refresh"] },
            sync_mode: "full_refresh",
            destination_sync_mode: "append",
          },
        ],
      }),
    );
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/fixtures/flood.ts", "read", "--config", config, "--catalog", catalog],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Hold the pipe closed for a while: the source must wait instead of buffering its records.
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    let records = 0;
    let tail = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = tail + chunk.toString();
      const lines = text.split("\n");
      tail = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith('{"type":"RECORD"')) records += 1;
    });
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(records).toBe(RECORDS);
    const maxRssKb = Number(/maxRSS=(\d+)/.exec(stderr)?.[1]);
    expect(maxRssKb * 1024).toBeGreaterThan(0);
    expect(maxRssKb * 1024).toBeLessThan(MAX_RSS_BYTES);
  }, 120_000);
});
