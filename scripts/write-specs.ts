// Regenerates the committed spec files from the zod configs: `npm run specs`.
import { writeFile } from "node:fs/promises";
import { SPEC_FILES } from "../src/specs.js";

for (const { path, spec } of SPEC_FILES) {
  await writeFile(new URL(`../${path}`, import.meta.url), `${JSON.stringify(spec, null, 2)}\n`);
  process.stdout.write(`wrote ${path}\n`);
}
