// Scale: a company of 100,000 employees, whose people search streams with backpressure instead of building one
// huge string. How fast it starts is measured by the benchmarks, not asserted here.

import { request } from "node:http";
import type { ReadableStreamReadResult } from "node:stream/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isActive, lifecycleStatus } from "./employee.js";
import type { HibobEmulator } from "./index.js";
import { basicAuthHeader, startHibobEmulator } from "./index.js";

const EMPLOYEES = 100_000;
let emu: HibobEmulator;

beforeAll(async () => {
  emu = await startHibobEmulator({ employees: EMPLOYEES, seed: 42, today: "2026-03-02", rateLimits: false });
}, 60_000);
afterAll(async () => {
  await emu.close();
});

describe("100,000 employees", () => {
  it("are all generated", () => {
    expect(emu.company.employees).toHaveLength(EMPLOYEES);
  });

  it("come back from one people search, streamed in chunks with bounded buffering", async () => {
    const res = await fetch(`${emu.baseUrl}/people/search`, {
      method: "POST",
      headers: {
        authorization: basicAuthHeader("emulator", "emulator-token"),
        "content-type": "application/json",
      },
      body: JSON.stringify({
        fields: ["root.id", "root.email", "work.title", "work.department"],
        humanReadable: "APPEND",
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const chunks: Uint8Array[] = [];
    let reads = 0;
    for (;;) {
      const next: ReadableStreamReadResult<Uint8Array> = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      reads++;
    }
    expect(reads).toBeGreaterThan(10);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { employees: { id: string }[] };
    const today = emu.company.today;
    const expected = emu.company.employees.filter(
      (e) => isActive(e, today) && lifecycleStatus(e, today) !== "terminated",
    );
    expect(body.employees).toHaveLength(expected.length);
    expect(body.employees[EMPLOYEES / 2]?.id).toBe(expected[EMPLOYEES / 2]?.id);
    expect(emu.state.stats.maxBufferedBytes).toBeLessThan(4 * 1024 * 1024);
  }, 60_000);

  it("waits for a slow reader instead of buffering the whole answer", async () => {
    const url = new URL(`${emu.baseUrl}/people/search`);
    const before = emu.state.stats.maxBufferedBytes;
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          headers: {
            authorization: basicAuthHeader("emulator", "emulator-token"),
            "content-type": "application/json",
          },
        },
        (res) => {
          let bytes = 0;
          res.pause();
          // Read nothing for a while: the server must stop at the socket's high-water mark, not render everything.
          setTimeout(() => {
            res.on("data", (chunk: Buffer) => {
              bytes += chunk.length;
            });
            res.on("end", () => {
              resolve(bytes);
            });
            res.resume();
          }, 500);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ fields: ["root.id", "root.email"] }));
    });
    expect(received).toBeGreaterThan(EMPLOYEES * 40);
    expect(Math.max(before, emu.state.stats.maxBufferedBytes)).toBeLessThan(4 * 1024 * 1024);
  }, 60_000);
});
