// `npm run bench [-- --only NAME[,NAME]] [-- --quick]`: runs the benches, prints a table, writes results.json.
// Every timing is a ratio against a baseline measured in the same run, so numbers from one machine compare.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { format, resolveConfig } from "prettier";
import { demoBench } from "./demo.js";
import { destinationBench } from "./destination.js";
import { employeesBench } from "./employees.js";
import { firstSyncBench } from "./first-sync.js";
import { reconcileBench } from "./reconcile.js";
import { dailyBench } from "./daily.js";
import { machineInfo } from "./lib/machine.js";
import type { Bench, Row, Shared } from "./lib/result.js";
import { formatTable } from "./lib/table.js";

const BENCHES: readonly Bench[] = [
  employeesBench,
  dailyBench,
  reconcileBench,
  destinationBench,
  firstSyncBench,
  demoBench,
];
const RESULTS = fileURLToPath(new URL("results.json", import.meta.url));

const { values } = parseArgs({
  options: { only: { type: "string" }, quick: { type: "boolean", default: false } },
  strict: true,
});
const only = values.only?.split(",").map((name) => name.trim());
const unknown = only?.filter((name) => !BENCHES.some((bench) => bench.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(", ")}; known: ${BENCHES.map((b) => b.name).join(", ")}`);
  process.exit(2);
}
const selected = BENCHES.filter((bench) => only === undefined || only.includes(bench.name));
const quick = values.quick;

const shared: Shared = {};
const rows: Row[] = [];
const timings: Record<string, number> = {};
for (const bench of selected) {
  console.error(`bench ${bench.name}: ${bench.title}${quick ? " (quick)" : ""} …`);
  const started = Date.now();
  const benchRows = await bench.run(quick, shared);
  timings[bench.name] = Math.round((Date.now() - started) / 1000);
  rows.push(...benchRows);
  console.error(`bench ${bench.name}: done in ${timings[bench.name]} s`);
}

console.log(formatTable(rows));
const failed = rows.filter((row) => row.met === false).length;
console.log(`\n${rows.filter((row) => row.met === true).length} goals met, ${failed} not met.`);
// A partial run (--only) replaces its own benches' rows and keeps the others from the last results.
const previous = only === undefined ? undefined : await lastResults();
const kept = (previous?.results ?? []).filter((row) => !selected.some((bench) => bench.name === row.bench));
const results = {
  machine: machineInfo(),
  quick,
  benches: [...new Set([...(previous?.benches ?? []), ...selected.map((b) => b.name)])],
  benchSeconds: { ...previous?.benchSeconds, ...timings },
  results: [...kept, ...rows],
};
async function lastResults(): Promise<
  { results: Row[]; benches: string[]; benchSeconds: Record<string, number> } | undefined
> {
  try {
    return JSON.parse(await readFile(RESULTS, "utf8")) as {
      results: Row[];
      benches: string[];
      benchSeconds: Record<string, number>;
    };
  } catch {
    return undefined;
  }
}

// Formatted as the repository's Prettier would, so the committed file passes `prettier --check`.
const prettier = (await resolveConfig(RESULTS)) ?? {};
await writeFile(RESULTS, await format(JSON.stringify(results), { ...prettier, parser: "json" }));
console.log(`Wrote ${RESULTS}`);
